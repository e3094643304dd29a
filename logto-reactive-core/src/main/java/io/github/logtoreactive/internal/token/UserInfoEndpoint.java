package io.github.logtoreactive.internal.token;

import java.util.Objects;

import io.github.logtoreactive.InvalidResponseException;
import io.github.logtoreactive.UserInfo;
import io.github.logtoreactive.internal.LogtoErrors;
import io.github.logtoreactive.internal.discovery.DiscoveryCache;
import io.github.logtoreactive.internal.http.JsonObject;
import io.github.logtoreactive.internal.http.LogtoHttp;
import reactor.core.publisher.Mono;

/**
 * Calls Logto's user-info endpoint ({@code /oidc/me}) with the default (opaque) access token. Errors:
 * {@link io.github.logtoreactive.UserInfoException} for an error answer (401 {@code invalid_token}, 403
 * {@code insufficient_scope}), {@link InvalidResponseException} for a body that is not a JSON object with {@code sub},
 * {@link io.github.logtoreactive.LogtoTransportException} for timeouts. Never blocks.
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
	 * @return the user's claims
	 */
	public Mono<UserInfo> fetch(String accessToken) {
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
			if (!(json.values().get("sub") instanceof String)) {
				return Mono.error(LogtoErrors.invalidResponse("userinfo response has no 'sub'", null));
			}
			return Mono.just(new UserInfo(json.values()));
		});
	}
}
