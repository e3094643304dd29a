package io.github.logtoreactive.example;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * The logto-reactive example server: a Spring Boot WebFlux application using the starter. With no
 * {@code LOGTO_ENDPOINT} it runs against the embedded Logto-compatible server and its demo tenant; with
 * {@code LOGTO_ENDPOINT}, {@code LOGTO_APP_ID} and {@code LOGTO_APP_SECRET} against that Logto. See
 * {@code examples/README.md}.
 */
@SpringBootApplication
public class ExampleApplication {

	/**
	 * @param args Spring Boot arguments, e.g. {@code --server.port=9090}
	 */
	public static void main(String[] args) {
		SpringApplication.run(ExampleApplication.class, args);
	}
}
