package io.github.logtoreactive.webflux.autoconfigure;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code logto.health.*} properties of the {@code logto} health indicator ({@link LogtoHealthAutoConfiguration}).
 */
@ConfigurationProperties("logto.health")
public class LogtoHealthProperties {

	/**
	 * How long the logto health indicator reuses its last result (UP or DOWN) before it fetches Logto's discovery
	 * document again; probes in between make no request to Logto.
	 */
	private Duration timeToLive = Duration.ofSeconds(30);

	public Duration getTimeToLive() {
		return this.timeToLive;
	}

	public void setTimeToLive(Duration timeToLive) {
		this.timeToLive = timeToLive;
	}
}
