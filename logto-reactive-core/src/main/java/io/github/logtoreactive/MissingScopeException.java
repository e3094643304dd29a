package io.github.logtoreactive;

/**
 * An operation needs a scope that the configuration does not request, e.g. organization tokens need
 * {@link UserScope#ORGANIZATIONS}. Code {@code missing_scope}.
 */
public final class MissingScopeException extends LogtoException {

	private static final long serialVersionUID = 1L;

	private final String scope;

	/**
	 * @param scope the scope to add to the configuration
	 */
	public MissingScopeException(String scope) {
		super("missing_scope", "this operation needs the scope '" + scope + "': add it to the configured scopes",
				null);
		this.scope = scope;
	}

	/**
	 * @return the missing scope
	 */
	public String scope() {
		return this.scope;
	}
}
