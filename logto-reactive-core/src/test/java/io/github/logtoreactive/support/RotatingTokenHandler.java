package io.github.logtoreactive.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.jspecify.annotations.Nullable;

/**
 * The refresh grant as Logto runs it, for {@link FakeLogto#tokenHandler}: every use rotates the refresh token, a
 * consumed one is accepted again for 3 s (sliding), after that the whole grant is revoked ({@code invalid_grant} for
 * every token of it). {@code resource} gives a JWT for that API, {@code organization_id} an organization token (403
 * {@code access_denied} for non-members), nothing an opaque token. Other grants go to the fake's default handler.
 */
public final class RotatingTokenHandler implements Function<RecordedRequest, MockResponse> {

	private static final Duration REUSE_WINDOW = Duration.ofSeconds(3);

	private final FakeLogto logto;

	private final Clock clock;

	private final Function<RecordedRequest, MockResponse> fallback;

	private final Map<String, Instant> refreshTokens = new ConcurrentHashMap<>();

	private final AtomicInteger serial = new AtomicInteger();

	public final AtomicInteger refreshRequests = new AtomicInteger();

	public final AtomicInteger invalidGrants = new AtomicInteger();

	public volatile Set<String> memberOf = Set.of("org-1", "org-2");

	public volatile long expiresIn = 3600;

	public volatile boolean revoked;

	/** Changes a successful refresh response before it is sent. */
	public volatile java.util.function.Consumer<Map<String, @Nullable Object>> response = body -> {
	};

	public RotatingTokenHandler(FakeLogto logto, Clock clock) {
		this.logto = logto;
		this.clock = clock;
		this.fallback = logto.tokenHandler;
	}

	/**
	 * @return a new live refresh token of the grant
	 */
	public String issueRefreshToken() {
		String token = "rt-" + this.serial.incrementAndGet() + "-" + UUID.randomUUID();
		this.refreshTokens.put(token, Instant.MIN);
		return token;
	}

	public boolean isLive(@Nullable String refreshToken) {
		return refreshToken != null && !this.revoked && Instant.MIN.equals(this.refreshTokens.get(refreshToken));
	}

	@Override
	public MockResponse apply(RecordedRequest request) {
		Map<String, String> form = FakeLogto.parseQuery(request.getBody() == null ? "" : request.getBody().utf8());
		if (!"refresh_token".equals(form.get("grant_type"))) {
			return this.fallback.apply(request);
		}
		this.refreshRequests.incrementAndGet();
		return refresh(form);
	}

	private synchronized MockResponse refresh(Map<String, String> form) {
		String presented = String.valueOf(form.get("refresh_token"));
		Instant now = this.clock.instant();
		Instant consumedAt = this.refreshTokens.get(presented);
		if (this.revoked || consumedAt == null) {
			return invalidGrant();
		}
		if (!Instant.MIN.equals(consumedAt) && now.isAfter(consumedAt.plus(REUSE_WINDOW))) {
			this.revoked = true;
			return invalidGrant();
		}
		String organizationId = form.get("organization_id");
		if (organizationId != null && !this.memberOf.contains(organizationId)) {
			return FakeLogto.json(403,
					FakeLogto.logtoError("access_denied", "user is not a member of the organization"));
		}
		this.refreshTokens.put(presented, now);
		String next = issueRefreshToken();
		String resource = form.get("resource");
		Map<String, @Nullable Object> body = new LinkedHashMap<>();
		body.put("access_token", accessToken(resource, organizationId, now));
		body.put("expires_in", this.expiresIn);
		body.put("id_token", this.logto.mintIdToken(null));
		body.put("refresh_token", next);
		body.put("scope", resource == null && organizationId == null ? "openid offline_access profile" : "");
		body.put("token_type", "Bearer");
		this.response.accept(body);
		return FakeLogto.json(200, body);
	}

	private String accessToken(@Nullable String resource, @Nullable String organizationId, Instant now) {
		if (resource == null && organizationId == null) {
			return "opaque" + UUID.randomUUID().toString().replace("-", "") + "x".repeat(12);
		}
		Map<String, @Nullable Object> claims = new LinkedHashMap<>();
		claims.put("jti", UUID.randomUUID().toString());
		claims.put("sub", "user-1");
		claims.put("iat", now.getEpochSecond());
		claims.put("exp", now.getEpochSecond() + this.expiresIn);
		claims.put("scope", "");
		claims.put("client_id", FakeLogto.APP_ID);
		claims.put("iss", this.logto.issuer());
		claims.put("aud", resource != null ? resource : "urn:logto:organization:" + organizationId);
		if (resource != null && organizationId != null) {
			claims.put("organization_id", organizationId);
		}
		return FakeLogto.sign(claims, FakeLogto.EC_KEY);
	}

	private MockResponse invalidGrant() {
		this.invalidGrants.incrementAndGet();
		return FakeLogto.json(400, FakeLogto.logtoError("invalid_grant", "grant request is invalid"));
	}

}
