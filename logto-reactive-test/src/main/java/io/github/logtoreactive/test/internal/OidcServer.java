package io.github.logtoreactive.test.internal;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

import io.github.logtoreactive.test.Endpoint;
import io.github.logtoreactive.test.Faults;
import io.github.logtoreactive.test.SigningKeyType;

/**
 * The running server behind {@code LogtoTestServer}: binds a Reactor Netty {@link HttpServer}, routes requests to
 * the endpoints, applies faults and counts requests. Every request is handled on a Netty event loop without
 * blocking; {@link #start()} and {@link #stop()} block the calling thread ({@code bindNow}/{@code disposeNow})
 * and must not be called from an event loop.
 */
public final class OidcServer {

	private static final Logger logger = LoggerFactory.getLogger(OidcServer.class);

	private static final String MALFORMED_JSON = "{\"error\": \"server_error\", \"error_descr";

	private final ServerContext context;
	private final AuthorizationEndpoint authorization;
	private final SignInEndpoint signIn;
	private final TokenEndpoint token;
	private final UserinfoEndpoint userinfo;
	private final RevocationEndpoint revocation;
	private final EndSessionEndpoint endSession;
	private final BackchannelLogout backchannel;
	private DisposableServer server;

	/**
	 * Prepares the server: generates the signing key and seeds the random generator on the calling thread.
	 * @param config the validated configuration
	 */
	public OidcServer(ServerConfig config) {
		this.context = new ServerContext(config);
		ClientAuthentication authentication = new ClientAuthentication(this.context);
		this.authorization = new AuthorizationEndpoint(this.context);
		this.signIn = new SignInEndpoint(this.context, this.authorization);
		this.token = new TokenEndpoint(this.context, authentication);
		this.userinfo = new UserinfoEndpoint(this.context);
		this.revocation = new RevocationEndpoint(this.context, authentication);
		this.backchannel = new BackchannelLogout(this.context, HttpClient.create());
		this.endSession = new EndSessionEndpoint(this.context, this.authorization, this.backchannel);
	}

	/** Binds the socket, blocking the caller until it is bound (the only blocking call, by design). */
	public synchronized void start() {
		if (this.server != null) {
			throw new IllegalStateException("the server is already started at " + this.context.baseUrl());
		}
		ServerConfig config = this.context.config();
		this.server = HttpServer.create()
			.host(config.host())
			.port(config.port())
			.handle(this::handle)
			.bindNow(Duration.ofSeconds(10));
		String host = "0.0.0.0".equals(config.host()) ? "localhost" : config.host();
		if (host.contains(":") && !host.startsWith("[")) {
			host = "[" + host + "]";
		}
		this.context.baseUrl("http://" + host + ":" + this.server.port());
	}

	/** Releases the socket, blocking the caller until it is closed; does nothing when not started. */
	public synchronized void stop() {
		if (this.server != null) {
			this.server.disposeNow(Duration.ofSeconds(5));
			this.server = null;
		}
	}

	/** @return whether the server is bound */
	public synchronized boolean isRunning() {
		return this.server != null;
	}

	/** @return {@code http://host:port} once started */
	public String baseUrl() {
		return this.context.baseUrl();
	}

	/** @return the fault injection controls */
	public Faults faults() {
		return this.context.faults();
	}

	/**
	 * @param endpoint the endpoint
	 * @return the number of requests it received since start or the last reset
	 */
	public long requestCount(Endpoint endpoint) {
		return this.context.counters().get(endpoint);
	}

	/** @param type the type of the key to stage as "next" in the JWKS */
	public void prepareNextSigningKey(SigningKeyType type) {
		this.context.keys().prepareNext(type);
	}

	/** @param type the type of the new key when none is staged */
	public void rotateSigningKey(SigningKeyType type) {
		this.context.keys().rotate(type);
	}

	/** @return the type of the key tokens are currently signed with */
	public SigningKeyType currentSigningKeyType() {
		return this.context.keys().currentType();
	}

	/** @param userId the user to sign in without a page, or {@code null} to show the sign-in page */
	public void autoLogin(String userId) {
		if (userId != null && !this.context.config().tenant().users().containsKey(userId)) {
			throw new IllegalArgumentException("autoLogin(\"" + userId + "\") names no configured user");
		}
		this.context.autoLoginUserId(userId);
	}

	/** @return the user signed in without a page, or {@code null} */
	public String autoLoginUserId() {
		return this.context.autoLoginUserId();
	}

	/**
	 * Ends every browser session of a user as the confirm step of end-session would (back-channel logout,
	 * grants without {@code offline_access} revoked).
	 * @param userId the user
	 * @return completes when the logout tokens were delivered or failed
	 */
	public Mono<Void> endSessions(String userId) {
		return Mono.defer(() -> {
			List<Mono<Void>> ended = new ArrayList<>();
			for (BrowserSession session : List.copyOf(this.context.state().sessions.values())) {
				if (session.userId.equals(userId)) {
					ended.add(this.backchannel.endSession(session));
				}
			}
			return Mono.when(ended);
		});
	}

	/** Forgets every issued token, session and interaction, clears faults and counters, restores the keys. */
	public void reset() {
		this.context.state().clear();
		this.context.counters().reset();
		this.context.faults().clear();
		this.context.keys().reset();
		this.context.resetAutoLogin();
	}

	private Publisher<Void> handle(HttpServerRequest request, HttpServerResponse response) {
		String path = new QueryStringDecoder(request.uri()).path();
		Endpoint endpoint = endpointOf(path);
		if (endpoint != null) {
			this.context.counters().increment(endpoint);
		}
		Mono<HttpReply> reply = request.receive()
			.aggregate()
			.asString(StandardCharsets.UTF_8)
			.defaultIfEmpty("")
			.flatMap((body) -> process(request, path, endpoint, body));
		if (endpoint != null) {
			Duration latency = this.context.faults().latency(endpoint);
			if (!latency.isZero()) {
				reply = reply.delayElement(latency);
			}
		}
		return reply.flatMap((answer) -> write(response, answer));
	}

	private static Endpoint endpointOf(String path) {
		if (path.startsWith("/oidc/.well-known/")) {
			return Endpoint.DISCOVERY;
		}
		if (path.startsWith(SignInEndpoint.PATH_PREFIX)) {
			return Endpoint.SIGN_IN;
		}
		if (path.startsWith(Endpoint.END_SESSION.path())) {
			return Endpoint.END_SESSION;
		}
		for (Endpoint endpoint : Endpoint.values()) {
			if (endpoint.path().equals(path)) {
				return endpoint;
			}
		}
		return null;
	}

	private Mono<HttpReply> process(HttpServerRequest raw, String path, Endpoint endpoint, String body) {
		FaultSettings.Spoil spoil = (endpoint != null) ? this.context.faults().takeSpoil(endpoint)
				: FaultSettings.Spoil.NONE;
		if (spoil == FaultSettings.Spoil.SERVER_ERROR) {
			return Mono.just(ErrorBody.serverError());
		}
		if (spoil == FaultSettings.Spoil.MALFORMED_JSON) {
			return Mono.just(HttpReply.rawJson(200, MALFORMED_JSON));
		}
		InboundRequest request;
		try {
			request = InboundRequest.parse(raw.method().name(), raw.uri(), raw.requestHeaders(), body);
		}
		catch (OidcException ex) {
			return Mono.just(ErrorBody.reply(ex, true));
		}
		Mono<HttpReply> routed;
		try {
			routed = route(request, path);
		}
		catch (RuntimeException ex) {
			routed = Mono.error(ex);
		}
		return routed.onErrorResume((error) -> Mono.just(errorReply(request, error)));
	}

	private Mono<HttpReply> route(InboundRequest request, String path) {
		String method = request.method();
		boolean getOrPost = "GET".equals(method) || "POST".equals(method);
		switch (path) {
			case "/oidc/.well-known/openid-configuration", "/oidc/.well-known/oauth-authorization-server":
				if ("GET".equals(method)) {
					return Mono.just(HttpReply.json(200, DiscoveryDocument.of(this.context.issuer(),
							this.context.keys().algorithms())));
				}
				break;
			case "/oidc/jwks":
				if ("GET".equals(method)) {
					return Mono.just(HttpReply.json(200, this.context.keys().jwks())
						.header("Cache-Control", "no-cache, max-age=0, must-revalidate"));
				}
				break;
			case "/oidc/auth":
				if (getOrPost) {
					return Mono.just(this.authorization.handle(request));
				}
				break;
			case "/oidc/token":
				return Mono.just(this.token.handle(request));
			case "/oidc/me":
				if (getOrPost) {
					return Mono.just(this.userinfo.handle(request));
				}
				break;
			case "/oidc/token/revocation":
				return Mono.just(this.revocation.handle(request));
			case "/oidc/session/end":
				if (getOrPost) {
					return Mono.just(this.endSession.start(request));
				}
				break;
			case EndSessionEndpoint.CONFIRM_PATH:
				return this.endSession.confirm(request);
			case EndSessionEndpoint.SUCCESS_PATH:
				if ("GET".equals(method)) {
					return Mono.just(this.endSession.success());
				}
				break;
			default:
				if (path.startsWith(SignInEndpoint.PATH_PREFIX) && getOrPost) {
					return Mono.just(this.signIn.handle(request));
				}
		}
		throw OidcException.unrecognizedRoute(request);
	}

	private HttpReply errorReply(InboundRequest request, Throwable error) {
		if (error instanceof OidcException oidc) {
			return ErrorBody.reply(oidc, !request.wantsRawErrors());
		}
		logger.error("unexpected failure handling {} {}", request.method(), request.path(), error);
		return ErrorBody.serverError();
	}

	private static Mono<Void> write(HttpServerResponse response, HttpReply reply) {
		response.status(HttpResponseStatus.valueOf(reply.status()));
		reply.headers().forEach((name, values) -> response.responseHeaders().add(name, values));
		byte[] body = reply.bodyBytes();
		response.responseHeaders().set("Content-Length", body.length);
		if (body.length == 0) {
			return response.send().then();
		}
		return response.sendByteArray(Mono.just(body)).then();
	}
}
