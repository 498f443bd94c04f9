# Shortcuts for developers on Linux; dev.py is the cross-platform way in.
.PHONY: app test reliability

app:
	python3 dev.py app

test:
	python3 dev.py test

reliability:
	./.ci/reliability
