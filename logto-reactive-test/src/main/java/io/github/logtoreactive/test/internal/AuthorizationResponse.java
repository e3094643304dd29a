package io.github.logtoreactive.test.internal;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Delivers authorization results to the client's redirect URI in the requested response mode: {@code query}
 * (default for code), {@code fragment}, or an auto-submitting {@code form_post} page. Success carries
 * {@code code}, {@code state}, {@code iss}; errors {@code error}, {@code error_description}, {@code state},
 * {@code iss} (RFC 9207), as oidc-provider sends them.
 */
final class AuthorizationResponse {

	private AuthorizationResponse() {
	}

	static HttpReply success(String redirectUri, String responseMode, String code, String state, String issuer) {
		Map<String, Object> parameters = Json.object("code", code);
		if (state != null) {
			parameters.put("state", state);
		}
		parameters.put("iss", issuer);
		return deliver(redirectUri, responseMode, parameters);
	}

	static HttpReply error(String redirectUri, String responseMode, OidcException error, String state,
			String issuer) {
		Map<String, Object> parameters = Json.object("error", error.error(), "error_description",
				error.description());
		if (state != null) {
			parameters.put("state", state);
		}
		parameters.put("iss", issuer);
		return deliver(redirectUri, responseMode, parameters);
	}

	private static HttpReply deliver(String redirectUri, String responseMode, Map<String, Object> parameters) {
		if ("form_post".equals(responseMode)) {
			StringBuilder inputs = new StringBuilder();
			parameters.forEach((name, value) -> inputs.append("<input type=\"hidden\" name=\"")
				.append(Html.escape(name))
				.append("\" value=\"")
				.append(Html.escape(String.valueOf(value)))
				.append("\">\n"));
			String body = """
					<h1>Submitting Callback</h1>
					<form id="form-post" method="post" action="%s">
					%s<noscript><button type="submit" class="primary">Continue</button></noscript>
					</form>
					<script>document.getElementById('form-post').submit();</script>
					""".formatted(Html.escape(redirectUri), inputs);
			return HttpReply.html(200, Html.page("Submitting Callback", body)).noStore();
		}
		StringBuilder encoded = new StringBuilder();
		parameters.forEach((name, value) -> {
			if (encoded.length() > 0) {
				encoded.append('&');
			}
			encoded.append(encode(name)).append('=').append(encode(String.valueOf(value)));
		});
		String location;
		if ("fragment".equals(responseMode)) {
			location = redirectUri + "#" + encoded;
		}
		else {
			location = redirectUri + (redirectUri.contains("?") ? "&" : "?") + encoded;
		}
		return HttpReply.seeOther(location).noStore();
	}

	static String encode(String value) {
		return URLEncoder.encode(value, StandardCharsets.UTF_8);
	}
}
