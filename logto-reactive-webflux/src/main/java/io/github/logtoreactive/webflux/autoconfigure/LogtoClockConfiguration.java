package io.github.logtoreactive.webflux.autoconfigure;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The one {@link Clock} every time decision of the auto-configured library follows (token expiry and refresh,
 * cookie and session timeouts, sign-in transactions, retention, leases, access-token checks): {@link Clock#systemUTC()}
 * unless the application defines its own {@code Clock} bean. Imported by the auto-configurations that need it.
 */
@Configuration(proxyBeanMethods = false)
class LogtoClockConfiguration {

	@Bean
	@ConditionalOnMissingBean
	Clock logtoClock() {
		return Clock.systemUTC();
	}
}
