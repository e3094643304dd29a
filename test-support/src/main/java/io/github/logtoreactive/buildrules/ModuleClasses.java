package io.github.logtoreactive.buildrules;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.Location;
import java.net.URISyntaxException;
import java.security.CodeSource;
import java.util.Set;

/**
 * The compiled main classes of one module, for the build's rules: every class found where the given class was loaded
 * from ({@code target/classes} in a module's own tests, the module's jar in another module's), and nothing else, so a
 * rule about one module never sees its dependencies' classes or the tests.
 */
public final class ModuleClasses {

	private ModuleClasses() {
	}

	/**
	 * Imports the classes of the module holding {@code anyMainClass}.
	 *
	 * @param anyMainClass a class of the module's main code
	 * @return every class of that module's main code
	 */
	public static JavaClasses of(Class<?> anyMainClass) {
		CodeSource source = anyMainClass.getProtectionDomain().getCodeSource();
		if (source == null) {
			throw new IllegalArgumentException(anyMainClass + " has no code source to import classes from");
		}
		try {
			return new ClassFileImporter().importLocations(Set.of(Location.of(source.getLocation().toURI())));
		}
		catch (URISyntaxException ex) {
			throw new IllegalArgumentException("Cannot import the classes at " + source.getLocation(), ex);
		}
	}
}
