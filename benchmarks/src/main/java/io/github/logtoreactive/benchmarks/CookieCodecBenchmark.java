package io.github.logtoreactive.benchmarks;

import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.crypto.spec.SecretKeySpec;

import com.nimbusds.jose.util.JSONObjectUtils;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import io.github.logtoreactive.LogtoSession;
import io.github.logtoreactive.store.CookieDecodeResult;
import io.github.logtoreactive.store.CookieSecrets;
import io.github.logtoreactive.store.EncodedSessionCookie;
import io.github.logtoreactive.store.LogtoCookieFormat;
import io.github.logtoreactive.store.RealisticSessions;
import io.github.logtoreactive.store.SessionCookieCodec;
import io.github.logtoreactive.store.SessionCookieSettings;

/**
 * Session cookie encode and decode: ours ({@link SessionCookieCodec}: compact JSON, DEFLATE, JWE A256GCM, chunking)
 * against the baseline {@code @logto/node} format (JSON, AES-256-GCM, base64, URL-encoding), for the same realistic
 * session with an ID token, a refresh token and {@code tokens} JWT access tokens. Both sides include serialization
 * and parsing of the session.
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar CookieCodec -prof gc
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class CookieCodecBenchmark {

	private static final String SECRET = "q3J7vN9xT2mL5pR8sW1yZ4bC6dF0gH2jK5nP8rT1vX4=";

	private static final Instant NOW = RealisticSessions.NOW;

	@Param({ "1", "3", "10" })
	public int tokens;

	private SessionCookieCodec codec;

	private LogtoSession session;

	private List<String> ourChunks;

	/** Distinct cookie values for {@link #oursDecode()}: 16 times the codec's memory (512 values). */
	private static final int DISTINCT = 8192;

	private List<String>[] distinct;

	private long second;

	private int next;

	private SecretKeySpec logtoKey;

	private String logtoValue;

	@Setup
	public void setUp() {
		this.codec = SessionCookieCodec.create(CookieSecrets.of(RealisticSessions.APP_ID, SECRET),
				SessionCookieSettings.builder().maxChunks(8).build());
		this.session = RealisticSessions.withTokens(this.tokens);
		this.ourChunks = this.codec.encode(this.session, NOW).values();
		this.logtoKey = LogtoCookieFormat.key(SECRET);
		this.logtoValue = LogtoCookieFormat.encrypt(this.logtoKey, LogtoCookieFormat.plaintext(this.session));
		if (!this.codec.decode(this.ourChunks, NOW).isPresent()) {
			throw new IllegalStateException("round trip failed");
		}
		@SuppressWarnings("unchecked")
		List<String>[] values = new List[DISTINCT];
		for (int i = 0; i < DISTINCT; i++) {
			// one second apart: the codec hands the same value to an equal session encoded in the same second
			values[i] = this.codec.encode(this.session, NOW.plusSeconds(i)).values();
		}
		this.distinct = values;
	}

	@Benchmark
	public EncodedSessionCookie oursEncode() {
		// a second later each time: a full encode, not the value written for the same session in the same second
		return this.codec.encode(this.session, NOW.plusSeconds(++this.second));
	}

	/**
	 * A full decode (decrypt, inflate, parse): cycles through {@value #DISTINCT} cookie values of the same session
	 * (each encryption has its own IV), far more than the codec remembers, so no call is answered from memory.
	 */
	@Benchmark
	public CookieDecodeResult<LogtoSession> oursDecode() {
		List<String> chunks = this.distinct[this.next];
		this.next = (this.next + 1) & (DISTINCT - 1);
		return this.codec.decode(chunks, NOW);
	}

	/**
	 * The same cookie value as the previous request of the browser: answered from the codec's memory of recently
	 * decoded values (only the timeouts are checked), what most requests of a signed-in user cost.
	 */
	@Benchmark
	public CookieDecodeResult<LogtoSession> oursDecodeRemembered() {
		return this.codec.decode(this.ourChunks, NOW);
	}

	@Benchmark
	public String logtoEncrypt() {
		return LogtoCookieFormat.encrypt(this.logtoKey, LogtoCookieFormat.plaintext(this.session));
	}

	@Benchmark
	public Map<String, Object> logtoDecrypt() throws ParseException {
		Map<String, Object> data = JSONObjectUtils.parse(LogtoCookieFormat.decrypt(this.logtoKey, this.logtoValue));
		data.put("accessToken", JSONObjectUtils.parse((String) data.get("accessToken")));
		return data;
	}
}
