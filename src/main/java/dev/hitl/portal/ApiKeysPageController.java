package dev.hitl.portal;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.hitl.apikey.ApiKeyManagement;
import dev.hitl.apikey.ApiKeyManagement.ApiKeyView;
import dev.hitl.apikey.ApiKeyManagement.CreatedKey;
import dev.hitl.security.Reviewer;
import dev.hitl.system.ApiProblem;
import dev.hitl.system.PageRequest;
import dev.hitl.system.PageResponse;
import dev.hitl.system.NotOnWorkerNodes;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Admins issue agents' API keys (the raw key and webhook secret are shown on the answer
 * to the form, once, and never stored in the session), see when each was last used and
 * revoke them after a confirmation.
 */
@Controller
@NotOnWorkerNodes
class ApiKeysPageController {

	private static final int MAX_TEXT = 200;

	private final ApiKeyManagement keys;

	ApiKeysPageController(ApiKeyManagement keys) {
		this.keys = keys;
	}

	@GetMapping("/admin/api-keys")
	String list(@RequestParam(required = false) String page, Model model) {
		return listPage(page, new KeyForm("", ""), List.of(), model);
	}

	@PostMapping("/admin/api-keys")
	String create(@AuthenticationPrincipal Reviewer me, @RequestParam(defaultValue = "") String name,
			@RequestParam(defaultValue = "") String owner, Model model, HttpServletResponse response) {
		KeyForm form = new KeyForm(name.strip(), owner.strip());
		List<String> errors = form.errors();
		if (!errors.isEmpty()) {
			response.setStatus(HttpStatus.BAD_REQUEST.value());
			return listPage(null, form, errors, model);
		}
		CreatedKey created = this.keys.create(form.name(), form.owner(), me.id());
		response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
		model.addAttribute("active", "api-keys");
		model.addAttribute("created", created);
		return "portal/admin/api-key-created";
	}

	@GetMapping("/admin/api-keys/{id}/revoke")
	String confirmRevoke(@PathVariable UUID id, Model model) {
		model.addAttribute("active", "api-keys");
		model.addAttribute("key", find(id));
		return "portal/admin/api-key-revoke";
	}

	@PostMapping("/admin/api-keys/{id}/revoke")
	String revoke(@AuthenticationPrincipal Reviewer me, @PathVariable UUID id, RedirectAttributes flash) {
		ApiKeyView key = find(id);
		this.keys.revoke(id, me.id());
		flash.addFlashAttribute("notice", "API key “" + key.name() + "” is revoked; agents using it are refused now.");
		return "redirect:/admin/api-keys";
	}

	private String listPage(String page, KeyForm form, List<String> errors, Model model) {
		PageRequest paging = PageRequest.of(page, "50");
		ApiKeyManagement.Page found = this.keys.list(paging.page(), paging.pageSize());
		PageResponse<ApiKeyView> keys = PageResponse.of(found.items(), found.total(), paging);
		model.addAttribute("active", "api-keys");
		model.addAttribute("keys", keys);
		model.addAttribute("rows", keys.items().stream().map(ApiKeyRow::of).toList());
		model.addAttribute("form", form);
		model.addAttribute("errors", errors);
		model.addAttribute("previous", (paging.page() > 1) ? "/admin/api-keys?page=" + (paging.page() - 1) : null);
		model.addAttribute("next",
				(paging.page() < keys.pages()) ? "/admin/api-keys?page=" + (paging.page() + 1) : null);
		return "portal/admin/api-keys";
	}

	private ApiKeyView find(UUID id) {
		return this.keys.find(id).orElseThrow(() -> ApiProblem.notFound("API key"));
	}

	/** A key with its times written for people. */
	record ApiKeyRow(ApiKeyView key, String created, String lastUsed, String revoked) {

		static ApiKeyRow of(ApiKeyView key) {
			return new ApiKeyRow(key, Formats.utc(key.createdAt()), Formats.utc(key.lastUsedAt()),
					Formats.utc(key.revokedAt()));
		}

	}

	record KeyForm(String name, String owner) {

		List<String> errors() {
			List<String> errors = new ArrayList<>();
			check("Name", this.name, errors);
			check("Owner", this.owner, errors);
			return errors;
		}

		private static void check(String label, String value, List<String> errors) {
			if (value.isEmpty()) {
				errors.add(label + " is required.");
			}
			else if (value.length() > MAX_TEXT) {
				errors.add(label + " must be at most " + MAX_TEXT + " characters.");
			}
		}

	}

}
