package dev.hitl.portal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;

/**
 * Writes RFC 4180 CSV: CRLF line ends, a field quoted when it holds a comma, quote, CR or
 * LF, quotes doubled. A field that a spreadsheet would run as a formula (starting with
 * {@code = + - @}, a tab or CR) gets a leading {@code '}, so opening an export never runs
 * what an agent or reviewer typed.
 */
final class CsvWriter {

	private final Writer out;

	CsvWriter(Writer out) {
		this.out = out;
	}

	/** Null values are empty fields. */
	void row(List<?> values) {
		StringBuilder line = new StringBuilder();
		for (int i = 0; i < values.size(); i++) {
			if (i > 0) {
				line.append(',');
			}
			Object value = values.get(i);
			line.append(field((value != null) ? value.toString() : ""));
		}
		try {
			this.out.write(line.append("\r\n").toString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static String field(String value) {
		String safe = neutralised(value);
		if (safe.indexOf(',') < 0 && safe.indexOf('"') < 0 && safe.indexOf('\r') < 0 && safe.indexOf('\n') < 0) {
			return safe;
		}
		return '"' + safe.replace("\"", "\"\"") + '"';
	}

	private static String neutralised(String value) {
		if (value.isEmpty()) {
			return value;
		}
		char first = value.charAt(0);
		boolean formula = first == '=' || first == '+' || first == '-' || first == '@' || first == '\t'
				|| first == '\r';
		return formula ? "'" + value : value;
	}

}
