package io.github.logtoreactive.test.internal;

import java.util.List;
import java.util.Set;

/**
 * A validated authorization request, kept while the user signs in.
 *
 * @param clientId the web app
 * @param redirectUri the (registered) redirect URI
 * @param responseMode query, fragment or form_post
 * @param scopes the requested scopes, {@code offline_access} already stripped unless prompt has consent
 * @param state the state to echo, or {@code null}
 * @param nonce the nonce to put in the ID token, or {@code null}
 * @param codeChallenge the S256 PKCE challenge, or {@code null}
 * @param prompt the prompt values
 * @param resources the requested resource indicators
 */
record AuthorizationRequest(String clientId, String redirectUri, String responseMode, List<String> scopes,
		String state, String nonce, String codeChallenge, Set<String> prompt, List<String> resources) {
}
