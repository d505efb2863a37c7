/*
 * page.h — the page every paged back end lays out (pdf.c, docx.c), in
 * one place so the PDF and the Word draft have the same type area: A4
 * portrait, margins in the spirit of GB/T 9704-2012 §5.2.1 (left 28 mm,
 * type area 156 mm wide) but a little tighter at top and bottom because
 * the attachments are dense forms; the footer's baseline 17 mm above the
 * page's foot. Sizes in points: title 2号-ish (18 pt), headings 4号
 * (14 pt), body 小四 (12 pt), tables 五号 (10.5 pt).
 */
#ifndef FR_RENDER_PAGE_H
#define FR_RENDER_PAGE_H

#define PAGE_W_MM	210
#define PAGE_H_MM	297
#define PAGE_LEFT_MM	28
#define PAGE_RIGHT_MM	26
#define PAGE_TOP_MM	30
#define PAGE_BOTTOM_MM	30
#define PAGE_FOOT_MM	17

#define SZ_TITLE	18.0
#define SZ_SUBTITLE	12.0
#define SZ_H1		14.0
#define SZ_H2		12.5
#define SZ_BODY		12.0
#define SZ_NOTE		10.0
#define SZ_TABLE	10.5
#define SZ_FOOT		8.5
#define CELL_PAD	4.0	/* table cell padding */
#define RULE_W		0.6	/* table rules */

#endif
