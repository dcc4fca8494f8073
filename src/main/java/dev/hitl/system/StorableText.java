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
		if (value == null) {
			return true;
		}
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			if (c == '\u0000') {
				return false;
			}
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
