package io.github.logtoreactive.internal.token;

import reactor.core.publisher.Mono;

/**
 * Verifies an ID token that arrived with a refresh (no nonce to check). Completes with the token when valid, errors
 * with an {@link io.github.logtoreactive.IdTokenVerificationException} otherwise.
 * <p>
 * Public only because {@code EngineComponents} hands one to {@code RefreshCoordinator}'s constructor.
 */
@FunctionalInterface
public interface IdTokenCheck {

	/**
	 * @param idToken the compact ID token
	 * @return the same token when it verifies
	 */
	Mono<String> verify(String idToken);
}
