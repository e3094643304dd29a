package io.github.logtoreactive.internal.token;

import java.util.Objects;

import io.github.logtoreactive.InvalidResponseException;
import io.github.logtoreactive.UserInfo;
import io.github.logtoreactive.UserInfoException;
import io.github.logtoreactive.internal.LogtoErrors;
import io.github.logtoreactive.internal.discovery.DiscoveryCache;
import io.github.logtoreactive.internal.http.JsonObject;
import io.github.logtoreactive.internal.http.LogtoHttp;
import reactor.core.publisher.Mono;

/**
 * Calls Logto's user-info endpoint ({@code /oidc/me}) with the default (opaque) access token, and hands out the answer
 * only when it is about the session's user: its {@code sub} must equal the ID token's (OIDC Core 5.3.2). Errors:
 * {@link UserInfoException} for an error answer (401 {@code invalid_token}, 403 {@code insufficient_scope}) and for
 * user info without {@code sub} ({@value UserInfoException#MISSING_SUBJECT}) or of another subject
 * ({@value UserInfoException#SUBJECT_MISMATCH}), {@link InvalidResponseException} for a body that is not a JSON
 * object, {@link io.github.logtoreactive.LogtoTransportException} for timeouts. Never blocks.
 * <p>
 * Public only because {@code EngineComponents} builds it.
 */
public final class UserInfoEndpoint {

	private final LogtoHttp http;

	private final DiscoveryCache discovery;

	/**
	 * @param http the HTTP calls
	 * @param discovery the discovery cache
	 */
	public UserInfoEndpoint(LogtoHttp http, DiscoveryCache discovery) {
		this.http = Objects.requireNonNull(http, "http");
		this.discovery = Objects.requireNonNull(discovery, "discovery");
	}

	/**
	 * @param accessToken the default access token
	 * @param subject the {@code sub} of the session's ID token
	 * @return the user's claims
	 */
	public Mono<UserInfo> fetch(String accessToken, String subject) {
		Objects.requireNonNull(subject, "subject");
		return this.discovery.get().flatMap(metadata -> {
			if (metadata.userinfoEndpoint() == null) {
				return Mono.error(LogtoErrors.invalidResponse("discovery names no userinfo_endpoint", null));
			}
			return this.http.get(metadata.userinfoEndpoint(), "userinfo endpoint", "Bearer " + accessToken);
		}).flatMap(result -> {
			if (!result.isSuccess()) {
				return Mono.error(LogtoErrors.userInfoError(result));
			}
			JsonObject json = JsonObject.parse("userinfo endpoint", result.body());
			Object sub = json.values().get("sub");
			if (!(sub instanceof String)) {
				return Mono.error(new UserInfoException(result.status(), UserInfoException.MISSING_SUBJECT,
						"the user info has no subject (sub)", null));
			}
			if (!subject.equals(sub)) {
				// Neither subject goes into the message: it may reach the user agent.
				return Mono.error(new UserInfoException(result.status(), UserInfoException.SUBJECT_MISMATCH,
						"the user info is about another subject than the session's ID token", null));
			}
			return Mono.just(new UserInfo(json.values()));
		});
	}
}
