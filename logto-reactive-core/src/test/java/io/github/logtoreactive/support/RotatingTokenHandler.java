package io.github.logtoreactive.support;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.jspecify.annotations.Nullable;

/**
 * The refresh grant as Logto runs it ({@link LogtoRefreshGrant}), for {@link FakeLogto#tokenHandler}: every use rotates the refresh token, a
 * consumed one is accepted again for 3 s (sliding), after that the whole grant is revoked ({@code invalid_grant} for
 * every token of it). {@code resource} gives a JWT for that API, {@code organization_id} an organization token (403
 * {@code access_denied} for non-members), nothing an opaque token. Other grants go to the fake's default handler.
 */
public final class RotatingTokenHandler implements Function<RecordedRequest, MockResponse> {

	private final FakeLogto logto;

	private final Clock clock;

	private final Function<RecordedRequest, MockResponse> fallback;

	private final AtomicInteger serial = new AtomicInteger();

	/** The grant's refresh tokens, with Logto's rotation and reuse window. */
	public final LogtoRefreshGrant grant;

	public final AtomicInteger refreshRequests = new AtomicInteger();

	/** Refusals with {@code invalid_grant} (the grant's count). */
	public final AtomicInteger invalidGrants;

	public volatile Set<String> memberOf = Set.of("org-1", "org-2");

	public volatile long expiresIn = 3600;

	/** Changes a successful refresh response before it is sent. */
	public volatile java.util.function.Consumer<Map<String, @Nullable Object>> response = body -> {
	};

	public RotatingTokenHandler(FakeLogto logto, Clock clock) {
		this.logto = logto;
		this.clock = clock;
		this.fallback = logto.tokenHandler;
		this.grant = new LogtoRefreshGrant(clock, () -> "rt-" + this.serial.incrementAndGet() + "-" + UUID.randomUUID());
		this.invalidGrants = this.grant.invalidGrants;
	}

	/**
	 * @return a new live refresh token of the grant
	 */
	public String issueRefreshToken() {
		return this.grant.issue();
	}

	public boolean isLive(@Nullable String refreshToken) {
		return this.grant.isLive(refreshToken);
	}

	/** @return whether Logto revoked the grant (a consumed refresh token replayed past the reuse window) */
	public boolean revoked() {
		return this.grant.revoked;
	}

	/** Revokes the grant, as Logto does on a replay or an administrator's action. */
	public void revoke() {
		this.grant.revoked = true;
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
		String presented = form.get("refresh_token");
		Instant now = this.clock.instant();
		if (!this.grant.redeemable(presented)) {
			return invalidGrant();
		}
		String organizationId = form.get("organization_id");
		if (organizationId != null && !this.memberOf.contains(organizationId)) {
			return FakeLogto.json(403,
					FakeLogto.logtoError("access_denied", "user is not a member of the organization"));
		}
		String next = this.grant.rotate(presented);
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

	private static MockResponse invalidGrant() {
		return FakeLogto.json(400, FakeLogto.logtoError("invalid_grant", "grant request is invalid"));
	}

}
