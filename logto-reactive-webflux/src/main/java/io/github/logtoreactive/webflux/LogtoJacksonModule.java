package io.github.logtoreactive.webflux;

import java.util.Map;
import java.util.function.Function;

import io.github.logtoreactive.AccessTokenClaims;
import io.github.logtoreactive.IdTokenClaims;
import io.github.logtoreactive.UserInfo;
import tools.jackson.core.JsonGenerator;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.ser.std.StdSerializer;

/**
 * A Jackson 3 module that writes the claims types of logto-reactive as their claims: {@link IdTokenClaims},
 * {@link UserInfo} and {@link AccessTokenClaims} become the JSON object of their {@code claims()} (Logto's claim
 * names, as sent: {@code sub}, {@code email_verified}, {@code created_at} in milliseconds, ...). Without it Jackson
 * finds no getters on them and writes {@code {}}.
 *
 * <p>
 * The Spring Boot auto-configuration registers it with the application's JSON mapper (Boot's default, Jackson 3), so
 * a handler may return {@code Mono<IdTokenClaims>}:
 *
 * <pre>{@code
 * @GetMapping("/api/me")
 * Mono<IdTokenClaims> me(LogtoClient logto) {
 *     return logto.getIdTokenClaims();   // {"sub": "...", "email": "...", ...}
 * }
 * }</pre>
 *
 * Without Boot: {@code JsonMapper.builder().addModule(new LogtoJacksonModule()).build()}. Serialization only; no I/O,
 * thread-safe.
 */
public final class LogtoJacksonModule extends SimpleModule {

	private static final long serialVersionUID = 1L;

	/** Creates the module. */
	public LogtoJacksonModule() {
		super("logto-reactive");
		addSerializer(IdTokenClaims.class, new ClaimsSerializer<>(IdTokenClaims.class, IdTokenClaims::claims));
		addSerializer(UserInfo.class, new ClaimsSerializer<>(UserInfo.class, UserInfo::claims));
		addSerializer(AccessTokenClaims.class,
				new ClaimsSerializer<>(AccessTokenClaims.class, AccessTokenClaims::claims));
	}

	/** Writes a claims type as the JSON object of its claims map. */
	private static final class ClaimsSerializer<T> extends StdSerializer<T> {

		private final Function<T, Map<String, ?>> claims;

		ClaimsSerializer(Class<T> type, Function<T, Map<String, ?>> claims) {
			super(type);
			this.claims = claims;
		}

		@Override
		public void serialize(T value, JsonGenerator generator, SerializationContext context) {
			context.writeValue(generator, this.claims.apply(value));
		}
	}
}
