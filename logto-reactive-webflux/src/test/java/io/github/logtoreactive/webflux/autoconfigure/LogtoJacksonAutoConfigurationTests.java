package io.github.logtoreactive.webflux.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.logtoreactive.AccessTokenClaims;
import io.github.logtoreactive.IdTokenClaims;
import io.github.logtoreactive.UserInfo;
import io.github.logtoreactive.webflux.LogtoJacksonModule;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The claims types through the application's own JSON mapper: Boot's Jackson 3 {@link JsonMapper} with the module the
 * auto-configuration registers, also without {@code logto.endpoint}.
 */
class LogtoJacksonAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class, LogtoJacksonAutoConfiguration.class));

	static Map<String, Object> idTokenClaims() {
		Map<String, Object> claims = new LinkedHashMap<>();
		claims.put("sub", "user-1");
		claims.put("iss", "https://tenant.logto.app/oidc");
		claims.put("aud", "app");
		claims.put("exp", 1795614929);
		claims.put("iat", 1795611329);
		claims.put("email", "alice@example.com");
		claims.put("email_verified", true);
		claims.put("name", null);
		claims.put("organizations", List.of("org-1", "org-2"));
		claims.put("created_at", 1735689600000L);
		return claims;
	}

	@Test
	void idTokenClaimsUserInfoAndAccessTokenClaimsAreWrittenAsTheirClaims() {
		this.runner.run(context -> {
			JsonMapper mapper = context.getBean(JsonMapper.class);
			Map<String, Object> userInfo = Map.of("sub", "user-1", "custom_data", Map.of("plan", "pro"));
			Map<String, Object> accessToken = Map.of("sub", "user-1", "aud", "https://api.example.com", "scope",
					"read write", "exp", 1795614929);

			assertThat(roundTrip(mapper, IdTokenClaims.of(idTokenClaims()))).isEqualTo(idTokenClaims());
			assertThat(roundTrip(mapper, new UserInfo(userInfo))).isEqualTo(userInfo);
			assertThat(roundTrip(mapper, new AccessTokenClaims(accessToken))).isEqualTo(accessToken);
		});
	}

	@Test
	void claimsNestedInTheApplicationsOwnTypesAreWrittenAsTheirClaims() {
		this.runner.run(context -> {
			JsonMapper mapper = context.getBean(JsonMapper.class);
			Map<String, Object> written = roundTrip(mapper,
					Map.of("user", IdTokenClaims.of(idTokenClaims()), "plan", "pro"));
			assertThat(written).containsEntry("plan", "pro").containsEntry("user", idTokenClaims());
		});
	}

	@Test
	void theApplicationsOwnModuleBeanReplacesIt() {
		this.runner.withUserConfiguration(OwnModule.class).run(context -> {
			assertThat(context).hasSingleBean(LogtoJacksonModule.class);
			assertThat(context.getBean(LogtoJacksonModule.class)).isSameAs(context.getBean(OwnModule.class).module);
		});
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> roundTrip(JsonMapper mapper, Object value) {
		return mapper.readValue(mapper.writeValueAsString(value), LinkedHashMap.class);
	}

	@Configuration(proxyBeanMethods = false)
	static class OwnModule {

		final LogtoJacksonModule module = new LogtoJacksonModule();

		@Bean
		LogtoJacksonModule ownLogtoJacksonModule() {
			return this.module;
		}
	}
}
