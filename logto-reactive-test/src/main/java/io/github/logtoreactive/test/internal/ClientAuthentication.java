package io.github.logtoreactive.test.internal;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Client authentication at the token and revocation endpoints, following oidc-provider's
 * {@code lib/shared/client_auth.js} with Logto's client lookup: {@code client_secret_basic} (id and secret
 * form-url-decoded, RFC 6749 2.3.1) and {@code client_secret_post} are interchangeable, only one mechanism may be
 * used, an unknown client is 400 {@code invalid_client} and a wrong secret 401 {@code invalid_client}.
 */
final class ClientAuthentication {

	private static final Set<String> AUTH_PARAMETERS = Set.of("client_id", "client_secret", "client_assertion",
			"client_assertion_type");

	private static final Pattern BASE64 = Pattern.compile("^[A-Za-z0-9+/]*={0,2}$");

	private static final Pattern NO_VSCHAR = Pattern.compile("[^\\x20-\\x7E]");

	private final ServerContext context;

	ClientAuthentication(ServerContext context) {
		this.context = context;
	}

	/**
	 * @param request the request (for the Authorization header)
	 * @param parameters the body parameters
	 * @return the authenticated client
	 * @throws OidcException when authentication fails
	 */
	Client authenticate(InboundRequest request, Parameters parameters) {
		String authorization = request.header("Authorization");
		try {
			return authenticate(authorization, parameters);
		}
		catch (OidcException ex) {
			if (ex.status() == 401 && authorization != null) {
				ex.header("WWW-Authenticate", "Basic realm=\"" + this.context.issuer() + "\", error=\""
						+ ex.error() + "\", error_description=\"" + ex.description() + "\"");
			}
			throw ex;
		}
	}

	private Client authenticate(String authorization, Parameters parameters) {
		parameters.rejectDuplicates(AUTH_PARAMETERS);
		int mechanisms = ((authorization != null) ? 1 : 0) + (parameters.has("client_assertion") ? 1 : 0)
				+ (parameters.has("client_secret") ? 1 : 0);
		if (mechanisms > 1) {
			throw OidcException.invalidRequest("client authentication must only be provided using one mechanism");
		}
		String clientId = parameters.get("client_id");
		String secret = null;
		boolean secretMethod = false;
		if (parameters.has("client_secret")) {
			secret = parameters.get("client_secret");
			secretMethod = true;
		}
		else if (authorization != null) {
			String[] basic = parseBasic(authorization);
			if (clientId != null && !clientId.equals(basic[0])) {
				throw OidcException.invalidRequest("client_id mismatch");
			}
			clientId = basic[0];
			secret = basic[1];
			secretMethod = true;
		}
		else if (parameters.has("client_assertion")) {
			throw OidcException.clientAuthenticationFailed();
		}
		if (clientId == null) {
			throw OidcException.invalidRequest("no client authentication mechanism provided");
		}
		Client client = Client.find(this.context.config(), clientId);
		if (client == null) {
			throw OidcException.invalidClient(clientId);
		}
		if (!secretMethod || !MessageDigest.isEqual(client.secret().getBytes(StandardCharsets.UTF_8),
				secret.getBytes(StandardCharsets.UTF_8))) {
			throw OidcException.clientAuthenticationFailed();
		}
		return client;
	}

	private static String[] parseBasic(String authorization) {
		String[] parts = authorization.split(" ");
		if (parts.length != 2 || !"basic".equalsIgnoreCase(parts[0]) || parts[1].isEmpty()
				|| !BASE64.matcher(parts[1]).matches()) {
			throw OidcException.invalidRequest("invalid authorization header value format");
		}
		String decoded;
		try {
			decoded = new String(Base64.getDecoder().decode(parts[1]), StandardCharsets.UTF_8);
		}
		catch (IllegalArgumentException ex) {
			throw OidcException.invalidRequest("invalid authorization header value format");
		}
		int colon = decoded.indexOf(':');
		if (colon == -1) {
			throw OidcException.invalidRequest("invalid authorization header value format");
		}
		String id;
		String secret;
		try {
			id = formDecode(decoded.substring(0, colon));
			secret = formDecode(decoded.substring(colon + 1));
		}
		catch (IllegalArgumentException ex) {
			throw OidcException.invalidRequest(
					"client_id and client_secret in the authorization header are not properly encoded");
		}
		if (secret.isEmpty()) {
			throw OidcException.invalidRequest("client_secret must be provided in the Authorization header");
		}
		return new String[] { id, secret };
	}

	/** RFC 6749 appendix B: {@code application/x-www-form-urlencoded} decoding, printable ASCII only. */
	private static String formDecode(String value) {
		String decoded = URLDecoder.decode(value, StandardCharsets.UTF_8);
		if (NO_VSCHAR.matcher(decoded).find()) {
			throw new IllegalArgumentException("invalid character found");
		}
		return decoded;
	}
}
