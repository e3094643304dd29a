package io.github.logtoreactive.test.internal;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The shared collaborators of the endpoints: configuration, clock, keys, stored state, faults and counters.
 * The issuer is set once the socket is bound (the port may be chosen by the OS).
 */
final class ServerContext {

	private final ServerConfig config;
	private final RandomValues random;
	private final SigningKeys keys;
	private final ServerState state = new ServerState();
	private final FaultSettings faults;
	private final RequestCounters counters = new RequestCounters();
	private final UserClaims claims;
	private final AccessScopes scopes;
	private final AtomicReference<String> autoLoginUserId;
	private volatile String baseUrl = "http://unbound";

	ServerContext(ServerConfig config) {
		this.config = config;
		this.random = new RandomValues();
		this.keys = new SigningKeys(config.signingKeyType(), this.random);
		this.faults = new FaultSettings(this.keys);
		this.claims = new UserClaims(config);
		this.scopes = new AccessScopes(config);
		this.autoLoginUserId = new AtomicReference<>(config.autoLoginUserId());
	}

	ServerConfig config() {
		return this.config;
	}

	Instant now() {
		return this.config.clock().instant();
	}

	String newToken() {
		return this.random.token(32);
	}

	RandomValues random() {
		return this.random;
	}

	SigningKeys keys() {
		return this.keys;
	}

	ServerState state() {
		return this.state;
	}

	FaultSettings faults() {
		return this.faults;
	}

	RequestCounters counters() {
		return this.counters;
	}

	UserClaims claims() {
		return this.claims;
	}

	AccessScopes scopes() {
		return this.scopes;
	}

	String autoLoginUserId() {
		return this.autoLoginUserId.get();
	}

	void autoLoginUserId(String userId) {
		this.autoLoginUserId.set(userId);
	}

	void resetAutoLogin() {
		this.autoLoginUserId.set(this.config.autoLoginUserId());
	}

	void baseUrl(String baseUrl) {
		this.baseUrl = baseUrl;
	}

	String baseUrl() {
		return this.baseUrl;
	}

	String issuer() {
		return this.baseUrl + "/oidc";
	}
}
