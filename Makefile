# frfile — top-level Makefile (no recursive make).
#
#   make            build build/frfile and build/frmatch (installs missing
#                   Debian packages first, see scripts/deps.sh)
#   make test       unit tests (cmocka) and CLI tests; ends with a summary
#   make asan       the whole suite under AddressSanitizer + UBSan
#   make demo       the main job on the bundled sample
#   make lint bench fuzz install uninstall clean

PREFIX  ?= /usr/local
BINDIR  ?= $(PREFIX)/bin
DATADIR ?= $(PREFIX)/share/frfile
MANDIR  ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions

CC      ?= cc
BUILD   ?= build
VERSION := 0.1.0

PKGS    := libcjson libpcre2-8 libcurl sqlite3 openssl harfbuzz \
           harfbuzz-subset libmicrohttpd libunibreak xlsxwriter libsodium \
           libzip libxml-2.0
# libcurl is compiled against but not linked: net/fetch.c loads it with
# dlopen when a URL is first used (see there).
LINK_PKGS := $(filter-out libcurl,$(PKGS))
# The flags come from pkg-config, which can only answer once the packages
# are installed: $(BUILD)/pkg.mk is written after scripts/deps.sh has run,
# and make reads it again (GNU make remakes included makefiles first).
PKG_CFLAGS :=
PKG_LIBS   :=
ifeq ($(filter clean uninstall,$(MAKECMDGOALS)),)
-include $(BUILD)/pkg.mk
endif

WARN    := -Wall -Wextra -Wshadow -Wstrict-prototypes -Wmissing-prototypes \
           -Wno-unused-parameter -Wformat=2
CFLAGS  ?= -O2 -g
ALL_CFLAGS := -std=c11 -D_POSIX_C_SOURCE=200809L -D_DEFAULT_SOURCE \
           $(WARN) $(CFLAGS) $(PKG_CFLAGS) -Isrc \
           -DFR_VERSION='"$(VERSION)"' -DFR_DATADIR='"$(DATADIR)"' \
           -MMD -MP
ALL_LDFLAGS := $(LDFLAGS)

ifeq ($(V),1)
Q :=
else
Q := @
endif

LIB_SRC     := $(sort $(wildcard src/core/*.c src/store/*.c src/render/*.c src/net/*.c))
CLI_SRC     := $(sort $(wildcard src/cli/*.c))
FRFILE_SRC  := $(sort $(wildcard src/frfile/*.c))
FRMATCH_SRC := $(sort $(wildcard src/frmatch/*.c))
UNIT_SRC    := $(sort $(wildcard tests/unit/test_*.c))
FUZZ_SRC    := $(sort $(wildcard tests/fuzz/fuzz_*.c))

LIB_OBJ     := $(LIB_SRC:%.c=$(BUILD)/obj/%.o)
CLI_OBJ     := $(CLI_SRC:%.c=$(BUILD)/obj/%.o)
FRFILE_OBJ  := $(FRFILE_SRC:%.c=$(BUILD)/obj/%.o)
FRMATCH_OBJ := $(FRMATCH_SRC:%.c=$(BUILD)/obj/%.o)
UNIT_BIN    := $(UNIT_SRC:tests/unit/%.c=$(BUILD)/tests/%)
LIBFR       := $(BUILD)/libfr.a
DEPS_STAMP  := $(BUILD)/.deps-ok

.PHONY: all deps test asan lint bench demo fuzz fuzz-targets install uninstall clean

all: $(BUILD)/frfile $(BUILD)/frmatch

# Missing Debian packages are installed once (the stamp is redone when the
# list changes); scripts/deps.sh says what it installs.
$(DEPS_STAMP): scripts/deps.sh
	$(Q)mkdir -p $(@D)
	$(Q)sh scripts/deps.sh
	$(Q)touch $@

deps: $(DEPS_STAMP)

$(BUILD)/pkg.mk: $(DEPS_STAMP) Makefile
	@mkdir -p $(@D)
	$(Q)c=$$(pkg-config --cflags $(PKGS)) && l=$$(pkg-config --libs $(LINK_PKGS)) && \
	  printf 'PKG_CFLAGS := %s\nPKG_LIBS := %s -lhpdf -lm -lpthread\n' "$$c" "$$l" >$@.tmp && \
	  mv $@.tmp $@

$(BUILD)/obj/%.o: %.c | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -c -o $@ $<

$(LIBFR): $(LIB_OBJ)
	@$(if $(Q),echo "  AR      $@")
	$(Q)rm -f $@ && ar rcs $@ $^

$(BUILD)/frfile: $(FRFILE_OBJ) $(CLI_OBJ) $(LIBFR)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $(FRFILE_OBJ) $(CLI_OBJ) $(LIBFR) $(PKG_LIBS)

# The scan kernel relies on fused multiply-add contraction (ISO C mode
# turns it off); the instruction set is picked at run time (scan.c).
$(BUILD)/obj/src/frmatch/scan.o: ALL_CFLAGS += -ffp-contract=fast

$(BUILD)/frmatch: $(FRMATCH_OBJ) $(CLI_OBJ) $(LIBFR)
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(ALL_CFLAGS) $(ALL_LDFLAGS) -o $@ $(FRMATCH_OBJ) $(CLI_OBJ) $(LIBFR) $(PKG_LIBS)

# test_fmscan includes scan.c: the same contraction as the shipped object.
$(BUILD)/tests/test_fmscan: ALL_CFLAGS += -ffp-contract=fast

$(BUILD)/tests/%: tests/unit/%.c $(LIBFR) | $(DEPS_STAMP)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  CC      $@")
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -Itests/unit $(ALL_LDFLAGS) -o $@ $< $(LIBFR) $(PKG_LIBS) -lcmocka

test: all $(UNIT_BIN)
	$(Q)BUILD=$(BUILD) sh tests/run.sh

asan:
	$(Q)LSAN_OPTIONS="suppressions=$(CURDIR)/tests/lsan.supp:print_suppressions=0" \
	  $(MAKE) --no-print-directory BUILD=build-asan \
	  CFLAGS="-O1 -g -fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined" \
	  LDFLAGS="-fsanitize=address,undefined" test

lint: all
	$(Q)sh scripts/lint.sh

bench: all
	$(Q)sh bench/run.sh

demo: all
	$(Q)sh scripts/demo.sh

# libFuzzer targets need clang: the library is rebuilt into build-fuzz with
# -fsanitize=fuzzer-no-link and each tests/fuzz/fuzz_*.c becomes a fuzzer.
FUZZ_BIN := $(FUZZ_SRC:tests/fuzz/%.c=$(BUILD)/fuzz/%)

fuzz:
	$(Q)$(MAKE) --no-print-directory BUILD=build-fuzz CC=clang \
	  CFLAGS="-O1 -g -fsanitize=fuzzer-no-link,address,undefined" fuzz-targets

fuzz-targets: $(FUZZ_BIN)

$(BUILD)/fuzz/%: tests/fuzz/%.c $(LIBFR)
	@mkdir -p $(@D)
	@$(if $(Q),echo "  FUZZ    $@")
	$(Q)$(CC) $(CPPFLAGS) $(ALL_CFLAGS) -fsanitize=fuzzer,address,undefined -o $@ $< $(LIBFR) $(PKG_LIBS)

install: all
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(DATADIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(MANDIR)/man5
	install -m 755 $(BUILD)/frfile $(BUILD)/frmatch $(DESTDIR)$(BINDIR)/
	for d in data forms templates samples; do \
	  [ -d $$d ] || continue; \
	  (cd $$d && find . -type f) | while read -r f; do \
	    install -D -m 644 $$d/$$f $(DESTDIR)$(DATADIR)/$$d/$$f; done; done
	install -m 644 man/*.1 $(DESTDIR)$(MANDIR)/man1/
	install -m 644 man/*.5 $(DESTDIR)$(MANDIR)/man5/
	install -d $(DESTDIR)$(BASHCOMPDIR)
	install -m 644 completions/frfile $(DESTDIR)$(BASHCOMPDIR)/frfile
	install -m 644 completions/frfile $(DESTDIR)$(BASHCOMPDIR)/frmatch

uninstall:
	rm -f $(DESTDIR)$(BINDIR)/frfile $(DESTDIR)$(BINDIR)/frmatch
	rm -rf $(DESTDIR)$(DATADIR)
	rm -f $(DESTDIR)$(MANDIR)/man1/frfile.1 $(DESTDIR)$(MANDIR)/man1/frmatch.1 $(DESTDIR)$(MANDIR)/man5/frfile-filing.5
	rm -f $(DESTDIR)$(BASHCOMPDIR)/frfile $(DESTDIR)$(BASHCOMPDIR)/frmatch

clean:
	rm -rf build build-asan build-fuzz out

-include $(LIB_OBJ:.o=.d) $(CLI_OBJ:.o=.d) $(FRFILE_OBJ:.o=.d) $(FRMATCH_OBJ:.o=.d)
-include $(UNIT_BIN:=.d) $(FUZZ_BIN:=.d)
