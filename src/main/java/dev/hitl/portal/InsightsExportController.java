package dev.hitl.portal;

import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.List;

import dev.hitl.consultation.ConsultationExport;
import dev.hitl.consultation.ExportedConsultation;
import dev.hitl.system.InvalidRequestException;
import dev.hitl.system.NotOnWorkerNodes;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Admins download the consultations that ended in a range of UTC days as CSV, streamed
 * row by row as the database sends them. {@code docs/operations.md} lists the columns.
 */
@Controller
@NotOnWorkerNodes
class InsightsExportController {

	static final List<String> COLUMNS = List.of("id", "process", "title", "priority", "response_type", "state",
			"decision", "choice", "decided_by", "responded_by", "channel", "requested_by", "owner", "external_ref",
			"created_at", "ended_at", "expires_at", "escalated_at", "approvals_required", "approvals");

	private final ConsultationExport export;

	InsightsExportController(ConsultationExport export) {
		this.export = export;
	}

	@GetMapping("/admin/insights/export.csv")
	void export(@RequestParam(required = false) String from, @RequestParam(required = false) String to,
			HttpServletResponse response) throws IOException {
		ExportRange range = ExportRange.of(from, to);
		response.setContentType("text/csv; charset=UTF-8");
		response.setHeader(HttpHeaders.CONTENT_DISPOSITION,
				ContentDisposition.attachment().filename(range.filename()).build().toString());
		Writer out = response.getWriter();
		CsvWriter csv = new CsvWriter(out);
		csv.row(COLUMNS);
		try {
			this.export.forEachEnded(range.start(), range.end(), (consultation) -> csv.row(values(consultation)));
		}
		catch (RuntimeException ex) {
			if (!response.isCommitted()) {
				// Nothing sent yet: the error page must not arrive as a CSV download.
				response.resetBuffer();
				response.setHeader(HttpHeaders.CONTENT_DISPOSITION, null);
			}
			throw ex;
		}
		out.flush();
	}

	/** Bad dates are the caller's to fix: problem+json like the API, not a page. */
	@ExceptionHandler
	ResponseEntity<ProblemDetail> invalid(InvalidRequestException ex) {
		return ResponseEntity.badRequest().contentType(MediaType.APPLICATION_PROBLEM_JSON).body(ex.problem());
	}

	static List<Object> values(ExportedConsultation c) {
		return Arrays.asList(c.id(), c.process(), c.title(), c.priority(), c.responseType(), c.state(), c.decision(),
				c.choice(), c.decidedBy(), c.respondedBy(), c.channel(), c.requestedBy(), c.owner(), c.externalRef(),
				c.createdAt(), c.endedAt(), c.expiresAt(), c.escalatedAt(), c.approvalsRequired(), c.approvals());
	}

}
