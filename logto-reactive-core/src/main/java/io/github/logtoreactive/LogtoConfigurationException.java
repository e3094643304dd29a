package io.github.logtoreactive;

/**
 * The configuration is missing or invalid; the message says which field to set and how. Signalled eagerly, when a
 * configuration object is built, and never caused by user input.
 */
public final class LogtoConfigurationException extends LogtoException {

	private static final long serialVersionUID = 1L;

	private final String field;

	/**
	 * @param field the configuration field at fault
	 * @param message what to set
	 */
	public LogtoConfigurationException(String field, String message) {
		super("configuration.invalid", message, null);
		this.field = field;
	}

	/**
	 * @return the configuration field at fault
	 */
	public String field() {
		return this.field;
	}
}
