package io.github.logtoreactive.web;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import com.nimbusds.jose.util.JSONObjectUtils;
import io.github.logtoreactive.LogtoException;
import io.github.logtoreactive.LogtoHttpError;
import io.github.logtoreactive.internal.EngineComponents;
import io.github.logtoreactive.InvalidLogoutTokenException;
import io.github.logtoreactive.internal.jwt.LogoutTokenVerifier;
import io.github.logtoreactive.internal.jwt.LogoutTokenVerifier.LogoutToken;
import io.github.logtoreactive.store.SessionRevocations;
import io.github.logtoreactive.store.SessionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * The back-channel logout route (OpenID Connect Back-Channel Logout 1.0): Logto posts a {@code logout_token} when a
 * user's Logto session ends; a verified, first-seen token ends the sessions it names in the record of ended sessions
 * ({@link SessionRevocations}), so every instance sharing the record refuses them: by {@code sid} when the token
 * names one (Logto's session, the ID token's {@code sid}), else every session of its {@code sub} that started before
 * the logout. With a session store, the store also ends them at once ({@link SessionStore#endLogtoSession},
 * {@link SessionStore#endSubject}): the Redis store deletes them, with their refresh tokens, through its index.
 *
 * <p>
 * Answers: 200 (empty body) when the sessions are ended; 400 {@code {"error":"invalid_request",
 * "error_description":...}} for a missing or refused token (bad signature, issuer, audience, age, event, a nonce, a
 * replayed {@code jti}); 503 when the record of ended sessions or the store cannot be written, and 502 when Logto's
 * keys cannot be fetched, so that nothing is acknowledged that was not done. Every answer carries
 * {@code Cache-Control: no-store} (the adapters set it on every answer). Server to server: no same-origin check, no
 * cookie. Never blocks.
 */
final class BackchannelLogout {

	private static final Logger logger = LoggerFactory.getLogger(BackchannelLogout.class);

	private final RequestSessions sessions;

	private final LogoutTokenVerifier verifier;

	private final ErrorAnswers errors;

	BackchannelLogout(RequestSessions sessions, ErrorAnswers errors) {
		this.sessions = sessions;
		this.verifier = EngineComponents.of(sessions.engine()).logoutTokenVerifier();
		this.errors = errors;
	}

	Mono<HttpAnswer> handle(RouteRequest request) {
		return request.formParameter("logout_token")
			.filter(token -> !token.isEmpty())
			.switchIfEmpty(Mono.error(() -> new InvalidLogoutTokenException("the request has no logout_token", null)))
			.flatMap(this.verifier::verify)
			.flatMap(this::end)
			.thenReturn(HttpAnswer.empty(200))
			.onErrorResume(InvalidLogoutTokenException.class, ex -> {
				logger.debug("Back-channel logout refused: {}", ex.getMessage());
				return Mono.just(invalidRequest(String.valueOf(ex.getMessage())));
			})
			.onErrorResume(LogtoException.class, ex -> {
				logger.warn("Back-channel logout failed: {} ({})", ex.code(), ex.getMessage());
				return Mono.just(this.errors.answer(request, LogtoHttpError.of(ex)));
			});
	}

	private Mono<Void> end(LogoutToken token) {
		SessionRevocations revocations = this.sessions.revocations();
		// the session store, else what coordinated cookie sessions published for each other (refresh tokens included)
		SessionStore store = this.sessions.storage().refreshStore();
		return revocations.useLogoutToken(token.jti(), token.issuedAt(), token.acceptedUntil()).flatMap(first -> {
			if (!first) {
				return Mono.error(new InvalidLogoutTokenException("the logout token was used before (jti)", null));
			}
			Instant keepUntil = this.sessions.lifetimeEnd();
			String sid = token.sid();
			if (sid != null) {
				logger.debug("Back-channel logout of a Logto session (sid)");
				return revocations.endLogtoSession(sid, keepUntil)
					.then(store == null ? Mono.empty() : store.endLogtoSession(sid).doOnNext(BackchannelLogout::ended))
					.then();
			}
			String sub = String.valueOf(token.sub());
			Instant endedAt = this.sessions.clock().instant();
			logger.debug("Back-channel logout of every session of a subject");
			return revocations.endSubject(sub, endedAt, keepUntil)
				.then(store == null ? Mono.empty() : store.endSubject(sub, endedAt).doOnNext(BackchannelLogout::ended))
				.then();
		});
	}

	private static void ended(long count) {
		logger.debug("Back-channel logout ended {} stored session(s)", count);
	}

	private static HttpAnswer invalidRequest(String description) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("error", "invalid_request");
		body.put("error_description", description);
		return HttpAnswer.json(400, JSONObjectUtils.toJSONString(body));
	}
}
