package io.github.logtoreactive.webflux.autoconfigure;

import io.github.logtoreactive.IdTokenClaims;
import io.github.logtoreactive.webflux.LogtoJacksonModule;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import tools.jackson.databind.JacksonModule;

/**
 * Registers {@link LogtoJacksonModule} with the application's Jackson 3 mapper (Boot's {@code JacksonAutoConfiguration}
 * adds every {@link JacksonModule} bean to it), so {@code IdTokenClaims}, {@code UserInfo} and
 * {@code AccessTokenClaims} returned from a handler are written as their claims. Active whenever Jackson 3 is on the
 * class path, also without {@code logto.endpoint} and in {@code @WebFluxTest} slices.
 */
@AutoConfiguration
@ConditionalOnClass({ JacksonModule.class, IdTokenClaims.class })
public class LogtoJacksonAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LogtoJacksonModule logtoJacksonModule() {
		return new LogtoJacksonModule();
	}
}
