/*
 * checklist.c — the checklist of the materials a filing, an amendment or
 * a cancellation consists of, marking what this run generated and what
 * the processor must sign, seal and scan.
 */
#include "render/package.h"
#include "render/pkgint.h"

#include "core/filing.h"
#include "core/fr.h"

#include <cjson/cJSON.h>

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* One material of the checklist. */
struct material {
	int doc;		/* generated document (PKG_DOC_*, 1..5), -1: none */
	int seal;		/* must be signed/sealed and scanned */
	int kind;		/* M_* below */
	const char *zh, *en;
};

enum { M_SCAN, M_PIPIA, M_OTHER, M_EVIDENCE, M_PREVIOUS };

/* Art. 15 and the filing instructions: the nine materials of a filing. */
static const struct material filing_items[] = {
	{ 1, 0, M_SCAN, "个人信息处理者基本情况表（附件1）",
	  "Basic Information Form of the Personal Information Processor (Attachment 1)" },
	{ 2, 0, M_SCAN, "人脸识别技术应用情况备案表（附件2）",
	  "Facial Recognition Technology Application Record Form (Attachment 2)" },
	{ 3, 0, M_PIPIA, "个人信息保护影响评估报告（附件3）",
	  "Personal Information Protection Impact Assessment report (Attachment 3)" },
	{ -1, 1, M_SCAN, "统一社会信用代码证书原件或复印件扫描件（加盖公章）",
	  "Scan of the Unified Social Credit Code certificate, original or copy (with official seal)" },
	{ -1, 0, M_SCAN, "法定代表人或主要负责人身份证件扫描件",
	  "Scan of the legal representative's or responsible person's identity document" },
	{ -1, 0, M_SCAN, "经办人身份证件扫描件",
	  "Scan of the agent's identity document" },
	{ 4, 1, M_SCAN, "经办人授权委托书扫描件（加盖公章，附件4）",
	  "Scan of the Power of Attorney for the agent (with official seal, Attachment 4)" },
	{ 5, 1, M_SCAN, "承诺书扫描件（加盖公章，附件5）",
	  "Scan of the Letter of Commitment (with official seal, Attachment 5)" },
	{ -1, 0, M_OTHER, "其他相关材料扫描件",
	  "Scans of other relevant materials" },
};

/*
 * A cancellation identifies the processor and the earlier filing, states
 * the termination and shows how the facial information was handled
 * (Art. 15); the application forms and the assessment are not filed again.
 */
static const struct material cancel_items[] = {
	{ PKG_DOC_CANCEL, 1, M_SCAN, "人脸识别技术应用注销备案申请表（加盖公章）",
	  "Application for Cancellation of the Filing (with official seal)" },
	{ 1, 0, M_SCAN, "个人信息处理者基本情况表（附件1）",
	  "Basic Information Form of the Personal Information Processor (Attachment 1)" },
	{ -1, 0, M_PREVIOUS, "原备案编号及备案证明材料",
	  "Reference and proof of the earlier filing" },
	{ -1, 0, M_EVIDENCE, "人脸信息删除、匿名化处理或依法移交的证明材料扫描件",
	  "Scan of the record showing the facial information was deleted, anonymised or transferred" },
	{ -1, 1, M_SCAN, "统一社会信用代码证书原件或复印件扫描件（加盖公章）",
	  "Scan of the Unified Social Credit Code certificate, original or copy (with official seal)" },
	{ -1, 0, M_SCAN, "法定代表人或主要负责人身份证件扫描件",
	  "Scan of the legal representative's or responsible person's identity document" },
	{ -1, 0, M_SCAN, "经办人身份证件扫描件",
	  "Scan of the agent's identity document" },
	{ 4, 1, M_SCAN, "经办人授权委托书扫描件（加盖公章，附件4）",
	  "Scan of the Power of Attorney for the agent (with official seal, Attachment 4)" },
	{ -1, 0, M_OTHER, "其他相关材料扫描件",
	  "Scans of other relevant materials" },
};

static void
check_material(const struct pkg *p, struct doc_block *cl,
    const struct material *m, int have_pipia, const char *const *files,
    const char *lang)
{
	int zh = PKG_IS_ZH(lang);
	int gen = m->doc >= 0 && (m->doc != 3 || have_pipia);
	const char *st, *note = gen ? files[m->doc] : NULL;
	const char *text = zh ? m->zh : m->en;
	char *extra = NULL, *t = NULL;

	if (gen && m->seal)
		st = zh ? "已生成；待签字盖章后扫描" :
		    "generated; sign, seal and scan";
	else if (gen)
		st = zh ? "已生成" : "generated";
	else if (m->kind == M_PIPIA)
		st = zh ? "待编制" : "to be prepared";
	else if (m->seal)
		st = zh ? "待扫描（加盖公章）" : "to scan (with seal)";
	else if (m->kind == M_OTHER)
		st = zh ? "按需提供" : "as needed";
	else if (m->kind == M_PREVIOUS)
		st = zh ? "待提供" : "to supply";
	else
		st = zh ? "待扫描" : "to scan";
	if (m->kind == M_PIPIA && !gen)
		note = p->type == PKG_CHANGE ? (zh ?
		    "处理目的、处理方式发生变化的，须重新开展评估（第九条，GB/T 39335）" :
		    "assess again where the purpose or method of processing "
		    "changed (Art. 9, GB/T 39335)") : (zh ?
		    "按 GB/T 39335 开展评估后编制" :
		    "prepare after the assessment (GB/T 39335)");
	if (m->kind == M_OTHER && p->type != PKG_CANCELLATION &&
	    pkg_str(p, "processing_rules.title") != NULL) {
		extra = fr_xasprintf(zh ? "如《%s》、告知书等" :
		    "e.g. %s, notices", pkg_str(p, "processing_rules.title"));
		note = extra;
	}
	if (m->kind == M_EVIDENCE)
		note = pkg_str(p, "filing.cancellation.data_handling.evidence");
	if (m->kind == M_PREVIOUS)
		note = pkg_str(p, "filing.previous_reference");
	/* An amendment files the forms as they are after the change. */
	if (p->type == PKG_CHANGE && (m->doc == 1 || m->doc == 2)) {
		t = fr_xasprintf(zh ? "%s（变更后）" : "%s, as amended", text);
		text = t;
	}
	doc_check_item(cl, text, gen, st, note);
	free(extra);
	free(t);
}

struct doc *
pkg_checklist_doc(const struct pkg *p, const char *lang, int have_pipia,
    const char *const *files, struct fr_diags *diags)
{
	static const struct material changes_item = { PKG_DOC_CHANGES, 1,
		M_SCAN, "人脸识别技术应用变更备案说明（加盖公章）",
		"Statement of Changes to the Filing (with official seal)" };
	const struct material *items = filing_items;
	size_t n = sizeof filing_items / sizeof filing_items[0], i;
	struct doc *d;
	struct doc_block *cl;
	int zh = PKG_IS_ZH(lang);
	char *intro, *title;
	const char *name = pkg_str(p, "processor.name_zh");
	const char *auth = pkg_str(p, "filing.authority");
	const char *prev = pkg_str(p, "filing.previous_reference");

	(void)diags;
	if (p->type == PKG_CANCELLATION) {
		items = cancel_items;
		n = sizeof cancel_items / sizeof cancel_items[0];
	}
	title = fr_xstrdup(p->type == PKG_CHANGE ? (zh ?
	    "人脸识别技术应用变更备案材料清单" :
	    "Checklist of Materials for an Amendment of the Filing") :
	    p->type == PKG_CANCELLATION ? (zh ?
	    "人脸识别技术应用注销备案材料清单" :
	    "Checklist of Materials for the Cancellation of the Filing") :
	    (zh ? "人脸识别技术应用备案材料清单" :
	    "Checklist of Filing Materials"));
	d = pkg_new_doc(p, pkg_slugs[0], lang, title, zh ? "材料清单" : "Checklist");
	doc_title(d, title);
	free(title);
	if (p->type == PKG_CHANGE)
		intro = fr_xasprintf(zh ? "备案单位：%s。报送机关：%s。原备案编号：%s。依据《人脸识别技术应用安全管理办法》第十五条，备案信息发生实质性变更的，应当自变更之日起30个工作日内办理变更备案手续。变更备案提交《变更说明》及变更后的备案材料；本清单标明本次已生成的文件和须由本单位签字盖章后扫描上传的材料。" :
		    "Processor: %s. Authority: %s. Earlier filing: %s. Under "
		    "Art. 15 of the Measures, a substantive change of the filed "
		    "information is filed as an amendment within 30 working "
		    "days of the change, with a statement of changes and the "
		    "filing materials as amended; this list shows which files "
		    "were generated in this run and which must be signed, "
		    "sealed and scanned by the processor.",
		    name != NULL ? name : "", auth != NULL ? auth :
		    (zh ? "省级网信部门" : "the provincial cyberspace administration"),
		    prev != NULL ? prev : (zh ? "未填写" : "not given"));
	else if (p->type == PKG_CANCELLATION)
		intro = fr_xasprintf(zh ? "备案单位：%s。报送机关：%s。原备案编号：%s。依据《人脸识别技术应用安全管理办法》第十五条，终止应用人脸识别技术的，应当自终止之日起30个工作日内办理注销备案手续，并依法处理人脸信息。注销备案须提交以下材料；本清单标明本次已生成的文件和须由本单位签字盖章后扫描上传的材料。" :
		    "Processor: %s. Authority: %s. Earlier filing: %s. Under "
		    "Art. 15 of the Measures, a processor that stops applying "
		    "facial recognition technology cancels its filing within 30 "
		    "working days of the termination and handles the facial "
		    "information according to law. A cancellation consists of "
		    "the materials below; this list shows which files were "
		    "generated in this run and which must be signed, sealed and "
		    "scanned by the processor.",
		    name != NULL ? name : "", auth != NULL ? auth :
		    (zh ? "省级网信部门" : "the provincial cyberspace administration"),
		    prev != NULL ? prev : (zh ? "未填写" : "not given"));
	else
		intro = fr_xasprintf(zh ? "备案单位：%s。报送机关：%s。依据《人脸识别技术应用安全管理办法》第十五条及备案填报说明，备案须提交以下九项材料；本清单标明本次已生成的文件和须由本单位签字盖章后扫描上传的材料。" :
		    "Processor: %s. Authority: %s. Under Art. 15 of the Measures and "
		    "the filing instructions, a filing consists of the nine materials "
		    "below; this list shows which files were generated in this run "
		    "and which must be signed, sealed and scanned by the processor.",
		    name != NULL ? name : "", auth != NULL ? auth :
		    (zh ? "省级网信部门" : "the provincial cyberspace administration"));
	doc_para(d, intro);
	free(intro);
	cl = doc_checklist(d, zh ? "材料" : "Material");
	if (p->type == PKG_CHANGE)
		check_material(p, cl, &changes_item, have_pipia, files, lang);
	for (i = 0; i < n; i++)
		check_material(p, cl, &items[i], have_pipia, files, lang);
	doc_note(d, zh ? "注：扫描件须清晰完整；加盖公章的材料先签字盖章再扫描。备案材料和处理记录至少保存三年（第九条）。" :
	    "Note: scans must be legible and complete; sign and seal before "
	    "scanning. Keep the filing materials and processing records for "
	    "at least three years (Art. 9).");
	return d;
}

