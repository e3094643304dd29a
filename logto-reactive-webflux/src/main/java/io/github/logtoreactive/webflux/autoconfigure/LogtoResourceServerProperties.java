package io.github.logtoreactive.webflux.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The {@code logto.resource-server.*} properties: the API side, validating Logto access tokens sent as bearer tokens.
 * Active when {@code audiences} is set (or {@code organization-tokens=true}); the issuer comes from
 * {@code logto.endpoint}. An API that signs nobody in needs nothing else (no {@code logto.app-id}).
 */
@ConfigurationProperties("logto.resource-server")
public class LogtoResourceServerProperties {

	/** API resource indicators (or organization URNs) this API accepts as the token's aud, e.g. https://api.example.com. */
	private List<String> audiences = new ArrayList<>();

	/** Whether organization tokens of any organization (aud urn:logto:organization:<id>) are accepted. */
	private boolean organizationTokens;

	/** Tolerance for the tokens' exp and nbf checks. */
	private Duration clockTolerance = Duration.ofSeconds(60);

	public List<String> getAudiences() {
		return this.audiences;
	}

	public void setAudiences(List<String> audiences) {
		this.audiences = audiences;
	}

	public boolean isOrganizationTokens() {
		return this.organizationTokens;
	}

	public void setOrganizationTokens(boolean organizationTokens) {
		this.organizationTokens = organizationTokens;
	}

	public Duration getClockTolerance() {
		return this.clockTolerance;
	}

	public void setClockTolerance(Duration clockTolerance) {
		this.clockTolerance = clockTolerance;
	}
}
