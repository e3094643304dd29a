package io.github.logtoreactive.web;

import java.util.List;

import io.github.logtoreactive.LogtoClient;
import io.github.logtoreactive.LogtoException;
import io.github.logtoreactive.LogtoHttpError;
import io.github.logtoreactive.TokenKey;
import io.github.logtoreactive.internal.DefaultLogtoClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Lets a request through to the application, or answers it instead: a request that needs a signed-in user and has
 * none is sent to sign in (a browser's {@code GET}, back to where it was afterwards) or refused with 401; a request
 * whose route needs tokens gets them refreshed first (outside the refresh skew), so a streaming handler starts with
 * fresh tokens and the response's cookies carry them. Never blocks.
 */
final class SignInGuard {

	private static final Logger logger = LoggerFactory.getLogger(SignInGuard.class);

	private final AppUrls urls;

	private final ErrorAnswers errors;

	SignInGuard(AppUrls urls, ErrorAnswers errors) {
		this.urls = urls;
		this.errors = errors;
	}

	/**
	 * @param request the request
	 * @param client its client
	 * @param signInRequired whether its path needs a signed-in user
	 * @param tokens the tokens its route needs
	 * @return empty to let the request through, or the answer to send instead; decided at this call when that needs
	 * no I/O ({@code Mono.empty()} or {@code Mono.just(answer)})
	 */
	Mono<HttpAnswer> check(RouteRequest request, LogtoClient client, boolean signInRequired, List<TokenKey> tokens) {
		if (signInRequired && tokens.isEmpty() && client instanceof DefaultLogtoClient session) {
			Boolean signedIn = session.isAuthenticatedNow();
			if (signedIn != null) {
				// decided without I/O (a cookie session, nothing due): no operator for the usual signed-in request
				return signedIn ? Mono.empty() : Mono.just(unauthenticated(request));
			}
		}
		Mono<HttpAnswer> answer;
		if (!signInRequired) {
			answer = prepare(client, tokens);
		}
		else if (tokens.isEmpty()) {
			// a protected path without route tokens, the usual case: no inner Mono for a signed-in request
			answer = client.isAuthenticated().handle((authenticated, sink) -> {
				if (!authenticated) {
					sink.next(unauthenticated(request));
				}
			});
		}
		else {
			answer = client.isAuthenticated()
				.flatMap(authenticated -> authenticated ? prepare(client, tokens) : Mono.just(unauthenticated(request)));
		}
		// a session store that fails, or Logto unreachable while revalidating a session, is answered (503, 502)
		return answer.onErrorResume(LogtoException.class, ex -> {
			logger.debug("Could not decide whether the request is signed in: {}", ex.code());
			return Mono.just(this.errors.answer(request, LogtoHttpError.of(ex)));
		});
	}

	/**
	 * @param request a request that needs a signed-in user and has none
	 * @return a redirect to the sign-in route for a browser's {@code GET}, else 401 {@code not_authenticated}
	 */
	HttpAnswer unauthenticated(RouteRequest request) {
		if (request.prefersHtml() && "GET".equals(request.method())) {
			return HttpAnswer.redirect(302, this.urls.signInFor(request));
		}
		return this.errors.answer(request, new LogtoHttpError(401, "not_authenticated",
				"sign in to use this resource"));
	}

	private static Mono<HttpAnswer> prepare(LogtoClient client, List<TokenKey> tokens) {
		if (tokens.isEmpty()) {
			return Mono.empty();
		}
		return client.isAuthenticated().flatMap(authenticated -> !authenticated ? Mono.empty()
				: Flux.fromIterable(tokens)
					.concatMap(key -> client.getAccessToken(key.resource(), key.organizationId())
						.onErrorResume(LogtoException.class, ex -> {
							logger.debug("Could not prepare the {} token before the handler: {}", key, ex.code());
							return Mono.empty();
						}))
					.then(Mono.empty()));
	}
}
