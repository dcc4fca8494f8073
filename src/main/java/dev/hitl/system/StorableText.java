package dev.hitl.system;

/**
 * Text the databases can keep as given: PostgreSQL refuses NUL in text columns (a
 * statement carrying one fails), and an unpaired surrogate cannot be encoded in UTF-8, so
 * the driver would silently change it. Input with either is refused at the edge.
 */
public final class StorableText {

	private StorableText() {
	}

	public static boolean isStorable(String value) {
		return value == null || (value.indexOf('\u0000') < 0 && isWellFormed(value));
	}

	/**
	 * Whether every surrogate in the value is paired, so it encodes in UTF-8 as given.
	 */
	public static boolean isWellFormed(String value) {
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (Character.isHighSurrogate(c) && i + 1 < value.length()
					&& Character.isLowSurrogate(value.charAt(i + 1))) {
				i++;
			}
			else if (Character.isSurrogate(c)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Whether the value is free of control characters as well: names, ids and filters.
	 */
	public static boolean isPlainLine(String value) {
		return isStorable(value) && (value == null || value.chars().noneMatch(Character::isISOControl));
	}

}
