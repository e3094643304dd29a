package io.github.logtoreactive.buildrules;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaCodeUnit;
import com.tngtech.archunit.core.domain.JavaConstructor;
import com.tngtech.archunit.core.domain.JavaField;
import com.tngtech.archunit.core.domain.JavaGenericArrayType;
import com.tngtech.archunit.core.domain.JavaMember;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.domain.JavaParameterizedType;
import com.tngtech.archunit.core.domain.JavaType;
import com.tngtech.archunit.core.domain.JavaTypeVariable;
import com.tngtech.archunit.core.domain.JavaWildcardType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The public API of a module as text, one line per type and member, checked in as {@code api/<module>.api} and compared
 * by each library module's {@code PublicApiTests}, so that an API change is a deliberate, reviewed change of that file.
 *
 * <p>The API is every public or protected type, and every public or protected constructor, method and field of it, with
 * generic signatures, outside {@code internal} packages (which are not API). Synthetic and bridge members are left out.
 * {@code bin/api-dump} (or {@code -Dlogto.api.update=true} on the tests) rewrites the files.
 */
public final class PublicApiDump {

	/** The system property that makes {@link #check} rewrite the file instead of comparing. */
	public static final String UPDATE_PROPERTY = "logto.api.update";

	private PublicApiDump() {
	}

	/**
	 * Compares the module's API with its checked-in dump, or rewrites the dump when {@value #UPDATE_PROPERTY} is
	 * {@code true}.
	 *
	 * @param module the module's artifact id, naming the dump {@code api/<module>.api} in the module's directory
	 * @param classes the module's main classes ({@link ModuleClasses})
	 * @throws AssertionError naming the changed lines and the command to regenerate, when the API differs from the dump
	 */
	public static void check(String module, JavaClasses classes) {
		Path file = Path.of("api", module + ".api");
		String rendered = render(classes);
		try {
			if (Boolean.getBoolean(UPDATE_PROPERTY)) {
				Files.createDirectories(file.getParent());
				Files.writeString(file, rendered, StandardCharsets.UTF_8);
				return;
			}
			String expected = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
			if (!expected.equals(rendered)) {
				throw new AssertionError("The public API of " + module + " differs from " + file.toAbsolutePath()
						+ ".\nIf the change is deliberate, regenerate the dump with bin/api-dump and commit it.\n"
						+ difference(expected, rendered));
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Cannot read or write " + file.toAbsolutePath(), ex);
		}
	}

	/**
	 * Renders the API of the given classes, sorted by type and member.
	 *
	 * @param classes the classes
	 * @return the text, one type per paragraph
	 */
	public static String render(JavaClasses classes) {
		List<JavaClass> types = classes.stream()
			.filter(PublicApiDump::isApi)
			.sorted((a, b) -> a.getName().compareTo(b.getName()))
			.collect(Collectors.toList());
		StringBuilder text = new StringBuilder();
		for (JavaClass type : types) {
			text.append(header(type)).append('\n');
			type.getMembers()
				.stream()
				.filter(PublicApiDump::isVisible)
				.map(PublicApiDump::member)
				.sorted()
				.forEach(line -> text.append("  ").append(line).append('\n'));
			text.append('\n');
		}
		return text.toString();
	}

	private static boolean isApi(JavaClass type) {
		if (type.getPackageName().contains(".internal") || type.isAnonymousClass() || type.isLocalClass()) {
			return false;
		}
		for (JavaClass current = type; current != null; current = current.getEnclosingClass().orElse(null)) {
			if (!visible(current.getModifiers())) {
				return false;
			}
		}
		return true;
	}

	private static boolean isVisible(JavaMember member) {
		Set<JavaModifier> modifiers = member.getModifiers();
		return visible(modifiers) && !modifiers.contains(JavaModifier.SYNTHETIC)
				&& !modifiers.contains(JavaModifier.BRIDGE);
	}

	private static boolean visible(Set<JavaModifier> modifiers) {
		return modifiers.contains(JavaModifier.PUBLIC) || modifiers.contains(JavaModifier.PROTECTED);
	}

	private static String header(JavaClass type) {
		Set<JavaModifier> modifiers = EnumSet.noneOf(JavaModifier.class);
		modifiers.addAll(type.getModifiers());
		if (type.isTopLevelClass()) {
			modifiers.remove(JavaModifier.STATIC);
		}
		if (type.isInterface() || type.isEnum() || type.isRecord()) {
			// Implied by the kind of type.
			modifiers.removeAll(EnumSet.of(JavaModifier.ABSTRACT, JavaModifier.FINAL));
		}
		StringBuilder line = new StringBuilder(modifiers(modifiers));
		line.append(type.isAnnotation() ? "@interface " : type.isInterface() ? "interface "
				: type.isEnum() ? "enum " : type.isRecord() ? "record " : "class ");
		line.append(type.getName()).append(typeParameters(type.getTypeParameters()));
		if (!type.isInterface() && !type.isEnum() && !type.isRecord()) {
			type.getSuperclass()
				.map(PublicApiDump::typeName)
				.filter(name -> !name.equals("java.lang.Object"))
				.ifPresent(name -> line.append(" extends ").append(name));
		}
		Set<String> interfaces = type.getInterfaces()
			.stream()
			.map(PublicApiDump::typeName)
			.filter(name -> !(type.isAnnotation() && name.equals("java.lang.annotation.Annotation")))
			.sorted()
			.collect(Collectors.toCollection(LinkedHashSet::new));
		if (!interfaces.isEmpty()) {
			line.append(type.isInterface() ? " extends " : " implements ").append(String.join(", ", interfaces));
		}
		return line.toString();
	}

	private static String member(JavaMember member) {
		StringBuilder line = new StringBuilder(modifiers(member.getModifiers()));
		if (member instanceof JavaField) {
			JavaField field = (JavaField) member;
			return line.append(typeName(field.getType())).append(' ').append(field.getName()).toString();
		}
		JavaCodeUnit code = (JavaCodeUnit) member;
		String typeParameters = typeParameters(code.getTypeParameters());
		if (!typeParameters.isEmpty()) {
			line.append(typeParameters.substring(1)).append(' ');
		}
		if (!(code instanceof JavaConstructor)) {
			line.append(typeName(code.getReturnType())).append(' ');
		}
		line.append(code instanceof JavaConstructor ? "<init>" : code.getName())
			.append(code.getParameterTypes().stream().map(PublicApiDump::typeName).collect(Collectors.joining(", ", "(", ")")));
		List<String> exceptions = new ArrayList<>();
		code.getThrowsClause().forEach(declaration -> exceptions.add(declaration.getRawType().getName()));
		if (!exceptions.isEmpty()) {
			line.append(" throws ").append(String.join(", ", exceptions));
		}
		return line.toString();
	}

	/** A type as in source: {@code java.lang.String[]}, {@code java.util.List<? extends T>}. */
	private static String typeName(JavaType type) {
		if (type instanceof JavaClass) {
			JavaClass raw = (JavaClass) type;
			return raw.isArray() ? typeName(raw.getComponentType()) + "[]" : raw.getName();
		}
		if (type instanceof JavaGenericArrayType) {
			return typeName(((JavaGenericArrayType) type).getComponentType()) + "[]";
		}
		if (type instanceof JavaParameterizedType) {
			JavaParameterizedType parameterized = (JavaParameterizedType) type;
			return typeName(parameterized.toErasure()) + parameterized.getActualTypeArguments()
				.stream()
				.map(PublicApiDump::typeName)
				.collect(Collectors.joining(", ", "<", ">"));
		}
		if (type instanceof JavaWildcardType) {
			JavaWildcardType wildcard = (JavaWildcardType) type;
			List<String> upper = wildcard.getUpperBounds()
				.stream()
				.map(PublicApiDump::typeName)
				.filter(name -> !name.equals("java.lang.Object"))
				.collect(Collectors.toList());
			List<String> lower = wildcard.getLowerBounds().stream().map(PublicApiDump::typeName).collect(Collectors.toList());
			return "?" + (upper.isEmpty() ? "" : " extends " + String.join(" & ", upper))
					+ (lower.isEmpty() ? "" : " super " + String.join(" & ", lower));
		}
		return type.getName();
	}

	private static String typeParameters(List<? extends JavaTypeVariable<?>> parameters) {
		if (parameters.isEmpty()) {
			return "";
		}
		return parameters.stream().map(parameter -> {
			List<String> bounds = parameter.getUpperBounds()
				.stream()
				.map(PublicApiDump::typeName)
				.filter(name -> !name.equals("java.lang.Object"))
				.collect(Collectors.toList());
			return bounds.isEmpty() ? parameter.getName() : parameter.getName() + " extends " + String.join(" & ", bounds);
		}).collect(Collectors.joining(", ", "<", ">"));
	}

	private static String modifiers(Set<JavaModifier> modifiers) {
		StringBuilder text = new StringBuilder();
		for (JavaModifier modifier : List.of(JavaModifier.PUBLIC, JavaModifier.PROTECTED, JavaModifier.ABSTRACT,
				JavaModifier.STATIC, JavaModifier.FINAL)) {
			if (modifiers.contains(modifier)) {
				text.append(modifier.name().toLowerCase(Locale.ROOT)).append(' ');
			}
		}
		return text.toString();
	}

	private static String difference(String expected, String actual) {
		Set<String> before = qualifiedLines(expected);
		Set<String> after = qualifiedLines(actual);
		StringBuilder text = new StringBuilder();
		before.stream().filter(line -> !after.contains(line)).forEach(line -> text.append("- ").append(line).append('\n'));
		after.stream().filter(line -> !before.contains(line)).forEach(line -> text.append("+ ").append(line).append('\n'));
		return text.toString();
	}

	/** Each member line prefixed with its type's line, so that a line is the same only within the same type. */
	private static Set<String> qualifiedLines(String dump) {
		Set<String> lines = new LinkedHashSet<>();
		String type = "";
		for (String line : dump.lines().collect(Collectors.toList())) {
			if (line.isBlank()) {
				continue;
			}
			if (line.startsWith("  ")) {
				lines.add(type + " { " + line.strip() + " }");
			}
			else {
				type = line;
				lines.add(line);
			}
		}
		return lines;
	}
}
