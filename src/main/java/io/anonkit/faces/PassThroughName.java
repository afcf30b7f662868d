package io.anonkit.faces;

import java.util.regex.Pattern;

/** Names of attributes that pass through to the element: {@code data-*} and the loader's typed {@code name___type}. */
final class PassThroughName {
    private static final Pattern DATA = Pattern.compile("data-[a-z0-9]+(?:-[a-z0-9]+)*");
    private static final Pattern TYPED =
            Pattern.compile("[a-z][a-z0-9]*(?:-[a-z0-9]+)*___(json|number|boolean|string)");

    private PassThroughName() {}

    static boolean isValid(String name) {
        return DATA.matcher(name).matches() || TYPED.matcher(name).matches();
    }

    /** The type of a typed name ({@code json}, {@code number}, {@code boolean}, {@code string}), or empty for {@code data-*}. */
    static String type(String name) {
        int delimiter = name.lastIndexOf("___");
        return delimiter < 0 ? "" : name.substring(delimiter + 3);
    }

    /** The property a typed name sets, e.g. {@code context} for {@code context___json}. */
    static String base(String name) {
        int delimiter = name.lastIndexOf("___");
        return delimiter < 0 ? name : name.substring(0, delimiter);
    }
}
