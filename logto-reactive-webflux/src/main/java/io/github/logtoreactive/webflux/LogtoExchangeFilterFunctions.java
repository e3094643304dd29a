package io.github.logtoreactive.webflux;

import java.util.Objects;
import java.util.function.BiFunction;

import io.github.logtoreactive.ClientCredentialsTokenSource;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ClientResponse;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;
import org.springframework.web.reactive.function.client.ExchangeFunction;
import reactor.core.publisher.Mono;

/**
 * {@code WebClient} filters that add {@code Authorization: Bearer <token>} for an API resource, an organization, or a
 * machine-to-machine app. User tokens come from the {@link io.github.logtoreactive.LogtoClient} in the Reactor Context
 * (so the call must run inside a request handled by {@link LogtoWebFilter}). When the API answers 401, the token is
 * refreshed once (forced) and the request retried once. Never blocks.
 *
 * <pre>{@code
 * WebClient api = webClientBuilder.baseUrl("https://api.example.com")
 *     .filter(LogtoExchangeFilterFunctions.resourceToken("https://api.example.com"))
 *     .build();
 * }</pre>
 */
public final class LogtoExchangeFilterFunctions {

	private LogtoExchangeFilterFunctions() {
	}

	/**
	 * @param resource the API resource indicator
	 * @return a filter adding the signed-in user's token for that resource
	 */
	public static ExchangeFilterFunction resourceToken(String resource) {
		Objects.requireNonNull(resource, "resource");
		return userToken(resource, null);
	}

	/**
	 * @param organizationId the organization
	 * @return a filter adding the signed-in user's organization token
	 */
	public static ExchangeFilterFunction organizationToken(String organizationId) {
		Objects.requireNonNull(organizationId, "organizationId");
		return userToken(null, organizationId);
	}

	/**
	 * @param resource the API resource, or {@code null}
	 * @param organizationId the organization, or {@code null}
	 * @return a filter adding the signed-in user's token for that (resource, organization)
	 */
	public static ExchangeFilterFunction userToken(@Nullable String resource, @Nullable String organizationId) {
		return bearer((request, force) -> LogtoReactive.client()
			.flatMap(client -> client.getAccessToken(resource, organizationId, force)));
	}

	/**
	 * @param source the machine-to-machine token source
	 * @param resource the API resource
	 * @return a filter adding a client-credentials token for that resource
	 */
	public static ExchangeFilterFunction clientCredentials(ClientCredentialsTokenSource source, String resource) {
		Objects.requireNonNull(source, "source");
		Objects.requireNonNull(resource, "resource");
		return bearer((request, force) -> source.getToken(resource, null, java.util.List.of(), force)
			.map(io.github.logtoreactive.AccessToken::token));
	}

	private static ExchangeFilterFunction bearer(BiFunction<ClientRequest, Boolean, Mono<String>> tokens) {
		return (request, next) -> tokens.apply(request, Boolean.FALSE)
			.flatMap(token -> send(request, next, token))
			.flatMap(response -> {
				if (response.statusCode() != HttpStatus.UNAUTHORIZED) {
					return Mono.just(response);
				}
				return response.releaseBody()
					.then(tokens.apply(request, Boolean.TRUE))
					.flatMap(token -> send(request, next, token));
			});
	}

	private static Mono<ClientResponse> send(ClientRequest request, ExchangeFunction next, String token) {
		ClientRequest authorized = ClientRequest.from(request)
			.headers(headers -> headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + token))
			.build();
		return next.exchange(authorized);
	}
}
