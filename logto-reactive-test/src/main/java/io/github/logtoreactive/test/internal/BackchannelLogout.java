package io.github.logtoreactive.test.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;

import io.github.logtoreactive.test.TestWebApp;

/**
 * Ends browser sessions: sends OpenID Connect back-channel logout tokens to every client of the session that has
 * a back-channel logout URI (POST {@code application/x-www-form-urlencoded}, {@code logout_token=<jwt>}, with
 * Reactor Netty, non-blocking), revokes the session's grants without {@code offline_access} and forgets the
 * session. Delivery failures and non-2xx answers are only logged, as in oidc-provider.
 */
final class BackchannelLogout {

	private static final Logger logger = LoggerFactory.getLogger(BackchannelLogout.class);

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final ServerContext context;

	private final TokenIssuer issuer;

	private final HttpClient httpClient;

	BackchannelLogout(ServerContext context, HttpClient httpClient) {
		this.context = context;
		this.issuer = new TokenIssuer(context);
		this.httpClient = httpClient;
	}

	/** @return completes once every logout token was delivered (or failed) and the session is gone */
	Mono<Void> endSession(BrowserSession session) {
		ServerState state = this.context.state();
		state.sessions.remove(session.id);
		for (Grant grant : state.grantsOfSession(session.uid)) {
			if (!grant.persistsLogout()) {
				state.revokeGrant(grant.id());
			}
		}
		List<Mono<Void>> deliveries = new ArrayList<>();
		for (String clientId : session.clientIds) {
			TestWebApp app = this.context.config().tenant().webApps().get(clientId);
			if (app != null && app.backchannelLogoutUri() != null) {
				String sid = app.backchannelLogoutSessionRequired() ? session.uid : null;
				String token = this.issuer.logoutToken(clientId, session.userId, sid);
				deliveries.add(deliver(app.backchannelLogoutUri(), clientId, token));
			}
		}
		return Flux.merge(deliveries).then();
	}

	private Mono<Void> deliver(String uri, String clientId, String logoutToken) {
		String body = "logout_token=" + AuthorizationResponse.encode(logoutToken);
		return this.httpClient.headers((headers) -> headers.set("Content-Type", "application/x-www-form-urlencoded"))
			.post()
			.uri(uri)
			.send(ByteBufFlux.fromString(Mono.just(body), StandardCharsets.UTF_8,
					io.netty.buffer.ByteBufAllocator.DEFAULT))
			.response()
			.timeout(TIMEOUT)
			.doOnNext((response) -> {
				int status = response.status().code();
				if (status != 200 && status != 204) {
					logger.warn("backchannel.error: client {} answered {} at {}", clientId, status, uri);
				}
			})
			.doOnError((error) -> logger.warn("backchannel.error: client {} at {}: {}", clientId, uri,
					error.toString()))
			.onErrorResume((error) -> Mono.empty())
			.then();
	}
}
