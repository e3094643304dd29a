package io.github.logtoreactive.internal.signin;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.github.logtoreactive.Identifier;
import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.Prompt;
import io.github.logtoreactive.SignInOptions;
import io.github.logtoreactive.internal.crypto.Pkce;
import org.jspecify.annotations.Nullable;

/**
 * Builds Logto's authorization URL: the protocol parameters (client, redirect, scopes, one {@code resource} per
 * configured resource, prompt, PKCE S256, state, nonce), then every Logto sign-in option that is set, then the extra
 * parameters (which {@link SignInOptions} already checked cannot override any of the above). Values are
 * percent-encoded (RFC 3986, space as {@code %20}).
 */
final class AuthorizationUri {

	private AuthorizationUri() {
	}

	/**
	 * @param authorizationEndpoint the discovered authorization endpoint (a query it already has is kept)
	 * @param config the configuration
	 * @param options this sign-in's options
	 * @param state the {@code state}
	 * @param nonce the {@code nonce}
	 * @param codeVerifier the PKCE verifier (only its S256 challenge is sent)
	 * @return the URL
	 */
	static URI build(URI authorizationEndpoint, LogtoConfig config, SignInOptions options, String state, String nonce,
			String codeVerifier) {
		StringBuilder query = new StringBuilder();
		add(query, "client_id", config.appId());
		add(query, "redirect_uri", options.redirectUri());
		add(query, "response_type", "code");
		add(query, "scope", String.join(" ", config.scopes()));
		for (String resource : config.resources()) {
			add(query, "resource", resource);
		}
		List<Prompt> prompt = options.prompt().isEmpty() ? config.prompt() : options.prompt();
		add(query, "prompt", prompt.stream().map(Prompt::value).collect(Collectors.joining(" ")));
		add(query, "code_challenge", Pkce.challenge(codeVerifier));
		add(query, "code_challenge_method", Pkce.METHOD);
		add(query, "state", state);
		add(query, "nonce", nonce);
		if (options.firstScreen() != null) {
			add(query, "first_screen", options.firstScreen().value());
		}
		else if (options.interactionMode() != null) {
			add(query, "interaction_mode", options.interactionMode().value());
		}
		if (!options.identifiers().isEmpty()) {
			add(query, "identifier",
					options.identifiers().stream().map(Identifier::value).collect(Collectors.joining(" ")));
		}
		if (options.directSignIn() != null) {
			add(query, "direct_sign_in", options.directSignIn().value());
		}
		add(query, "login_hint", options.loginHint());
		add(query, "one_time_token", options.oneTimeToken());
		add(query, "ui_locales", options.uiLocales());
		add(query, "organization_id", options.organizationId());
		for (Map.Entry<String, String> extra : options.extraParams().entrySet()) {
			add(query, extra.getKey(), extra.getValue());
		}
		String base = authorizationEndpoint.toString();
		int fragment = base.indexOf('#');
		if (fragment >= 0) {
			base = base.substring(0, fragment);
		}
		String separator = authorizationEndpoint.getRawQuery() == null ? "?" : "&";
		return URI.create(base + separator + query);
	}

	private static void add(StringBuilder query, String name, @Nullable String value) {
		if (value == null || value.isEmpty()) {
			return;
		}
		if (query.length() > 0) {
			query.append('&');
		}
		query.append(encode(name)).append('=').append(encode(value));
	}

	private static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
	}
}
