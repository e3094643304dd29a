package io.github.logtoreactive.benchmarks;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

import io.github.logtoreactive.IdTokenClaims;
import io.github.logtoreactive.LogtoConfig;
import io.github.logtoreactive.LogtoEngine;
import io.github.logtoreactive.internal.EngineComponents;
import io.github.logtoreactive.internal.jwt.IdTokenVerifier;

/**
 * ID-token verification as done on every sign-in callback and every refresh that returns an ID token: signature
 * (ES384, Logto's default, and RS256), issuer, audience, times, nonce. Discovery and JWKS are fetched once in the setup
 * from a local server on 127.0.0.1 and cached, as in a running app: the benchmark measures the cached path.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar IdTokenVerifier -prof gc
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class IdTokenVerifierBenchmark {

	private static final String APP_ID = "bench-app";

	@Param({ "ES384", "RS256" })
	public String alg;

	private DisposableServer server;

	private IdTokenVerifier verifier;

	private String idToken;

	private String nonce;

	@Setup(Level.Trial)
	public void setUp() throws JOSEException {
		JWK key;
		JWSSigner signer;
		if ("ES384".equals(this.alg)) {
			ECKey ec = new ECKeyGenerator(Curve.P_384).keyID("key-es").generate();
			key = ec;
			signer = new ECDSASigner(ec);
		}
		else {
			RSAKey rsa = new RSAKeyGenerator(2048).keyID("key-rs").generate();
			key = rsa;
			signer = new RSASSASigner(rsa);
		}
		String jwks = new JWKSet(key).toPublicJWKSet().toString();
		String[] discovery = new String[1];
		this.server = HttpServer.create()
			.host("127.0.0.1")
			.port(0)
			.route(routes -> routes
				.get("/oidc/.well-known/openid-configuration",
						(request, response) -> response.header("Content-Type", "application/json")
							.sendString(Mono.fromSupplier(() -> discovery[0])))
				.get("/oidc/jwks", (request, response) -> response.header("Content-Type", "application/json")
					.sendString(Mono.just(jwks))))
			.bindNow();
		String endpoint = "http://127.0.0.1:" + this.server.port();
		String issuer = endpoint + "/oidc";
		Map<String, Object> document = new LinkedHashMap<>();
		document.put("issuer", issuer);
		document.put("authorization_endpoint", issuer + "/auth");
		document.put("token_endpoint", issuer + "/token");
		document.put("userinfo_endpoint", issuer + "/me");
		document.put("jwks_uri", issuer + "/jwks");
		document.put("end_session_endpoint", issuer + "/session/end");
		document.put("revocation_endpoint", issuer + "/token/revocation");
		document.put("id_token_signing_alg_values_supported", List.of(this.alg));
		discovery[0] = JSONObjectUtils.toJSONString(document);

		LogtoEngine engine = LogtoEngine.create(LogtoConfig.builder()
			.endpoint(endpoint)
			.appId(APP_ID)
			.appSecret("bench-secret")
			.build());
		this.verifier = EngineComponents.of(engine).idTokenVerifier();
		this.nonce = "n-0S6_WzA2Mj";
		Instant now = Instant.now();
		// Logto's ID token claims for a user with a name, email, roles and organizations
		JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(issuer)
			.audience(APP_ID)
			.subject("u7zq0b3f9k2m")
			.issueTime(java.util.Date.from(now))
			.expirationTime(java.util.Date.from(now.plusSeconds(3600)))
			.claim("nonce", this.nonce)
			.claim("at_hash", "x3ZbE1hQ0oT7fR2k9pLw4g")
			.claim("name", "Alice Example")
			.claim("username", "alice")
			.claim("picture", null)
			.claim("email", "alice@example.com")
			.claim("email_verified", true)
			.claim("roles", List.of("admin"))
			.claim("organizations", List.of("org-1", "org-2"))
			.claim("organization_roles", List.of("org-1:org-admin", "org-2:org-member"))
			.claim("created_at", now.toEpochMilli())
			.claim("updated_at", now.toEpochMilli())
			.build();
		JWSAlgorithm algorithm = JWSAlgorithm.parse(this.alg);
		SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).type(
				com.nimbusds.jose.JOSEObjectType.JWT).build(), claims);
		jwt.sign(signer);
		this.idToken = jwt.serialize();
		// discovery and JWKS fetched once here, then cached
		if (verify() == null) {
			throw new IllegalStateException("verification failed");
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.server.disposeNow();
	}

	@Benchmark
	public IdTokenClaims verify() {
		return this.verifier.verify(this.idToken, this.nonce).block();
	}
}
