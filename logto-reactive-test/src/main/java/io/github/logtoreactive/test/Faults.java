package io.github.logtoreactive.test;

import java.time.Duration;

/**
 * Fault injection for a running {@link LogtoTestServer}: slow endpoints, 5xx answers, malformed JSON and broken
 * tokens, so a client's failure handling can be tested.
 *
 * <p>Obtain it with {@link LogtoTestServer#faults()}. Settings take effect for the next request, are thread-safe,
 * and stay until {@link #clear()} or {@link LogtoTestServer#reset()} (or until the given number of requests has
 * been spoiled). Latency is applied with a timer, never by blocking a server thread.
 *
 * <pre>{@code
 * server.faults().latency(Endpoint.TOKEN, Duration.ofSeconds(2)).serverError(Endpoint.JWKS, 1);
 * }</pre>
 */
public interface Faults {

	/**
	 * Delays every response of an endpoint.
	 * @param endpoint the endpoint
	 * @param delay the delay; {@link Duration#ZERO} removes it
	 * @return this object, for chaining
	 */
	Faults latency(Endpoint endpoint, Duration delay);

	/**
	 * Answers every request of an endpoint with 500 and Logto's body
	 * {@code {"error":"server_error","error_description":"oops! something went wrong"}}.
	 * @param endpoint the endpoint
	 * @return this object, for chaining
	 */
	Faults serverError(Endpoint endpoint);

	/**
	 * Answers the next {@code times} requests of an endpoint with 500 (see {@link #serverError(Endpoint)}).
	 * @param endpoint the endpoint
	 * @param times how many requests to fail, at least 1
	 * @return this object, for chaining
	 */
	Faults serverError(Endpoint endpoint, int times);

	/**
	 * Answers every request of an endpoint with 200, {@code Content-Type: application/json} and a truncated,
	 * unparseable JSON body.
	 * @param endpoint the endpoint
	 * @return this object, for chaining
	 */
	Faults malformedJson(Endpoint endpoint);

	/**
	 * Answers the next {@code times} requests of an endpoint with malformed JSON (see {@link #malformedJson(Endpoint)}).
	 * @param endpoint the endpoint
	 * @param times how many requests to spoil, at least 1
	 * @return this object, for chaining
	 */
	Faults malformedJson(Endpoint endpoint, int times);

	/**
	 * Issues ID tokens whose {@code iss} is not the server's issuer (it gets a {@code -wrong} suffix).
	 * @param enabled whether the fault is on
	 * @return this object, for chaining
	 */
	Faults wrongIdTokenIssuer(boolean enabled);

	/**
	 * Issues ID tokens, JWT access tokens and logout tokens whose signature does not verify with the published
	 * key of their {@code kid}.
	 * @param enabled whether the fault is on
	 * @return this object, for chaining
	 */
	Faults badTokenSignature(boolean enabled);

	/**
	 * Issues ID tokens, JWT access tokens and logout tokens signed by a key that is not in the JWKS (its
	 * {@code kid} is unknown to clients).
	 * @param enabled whether the fault is on
	 * @return this object, for chaining
	 */
	Faults unknownSigningKid(boolean enabled);

	/**
	 * Issues ID tokens (from the code and the refresh grant) whose {@code sub} is this value instead of the user's
	 * id, as a server that mixed up grants would: e.g. set it after a sign-in to make the next refresh return an ID
	 * token of another subject, which a client must refuse (OIDC Core 12.2).
	 * @param subject the {@code sub} to put in ID tokens, or {@code null} for the user's id again
	 * @return this object, for chaining
	 */
	Faults idTokenSubject(String subject);

	/**
	 * Answers the user-info endpoint with this {@code sub} instead of the access token's user id (the other claims
	 * stay that user's): user info of another subject, which a client must refuse (OIDC Core 5.3.2).
	 * @param subject the {@code sub} to answer with, or {@code null} for the user's id again
	 * @return this object, for chaining
	 */
	Faults userinfoSubject(String subject);

	/**
	 * Removes every fault.
	 * @return this object, for chaining
	 */
	Faults clear();
}
