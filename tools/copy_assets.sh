#!/usr/bin/env bash
# Copy the browser assets installed by npm into static/vendor (never hand-vendored).
set -euo pipefail
modules=$1
vendor=$2
mkdir -p "$vendor"/{bootstrap,bootstrap-icons,htmx,leaflet,chartjs,axe}
cp "$modules"/bootstrap/dist/css/bootstrap.min.css "$modules"/bootstrap/dist/css/bootstrap.rtl.min.css "$vendor/bootstrap/"
cp "$modules"/bootstrap/dist/js/bootstrap.bundle.min.js "$vendor/bootstrap/"
cp -r "$modules"/bootstrap-icons/font/bootstrap-icons.min.css "$modules"/bootstrap-icons/font/fonts "$vendor/bootstrap-icons/"
cp "$modules"/htmx.org/dist/htmx.min.js "$vendor/htmx/"
cp -r "$modules"/leaflet/dist/leaflet.js "$modules"/leaflet/dist/leaflet.css "$modules"/leaflet/dist/images "$vendor/leaflet/"
cp "$modules"/chart.js/dist/chart.umd.min.js "$vendor/chartjs/" 2>/dev/null || cp "$modules"/chart.js/dist/chart.umd.js "$vendor/chartjs/chart.umd.min.js"
cp "$modules"/axe-core/axe.min.js "$vendor/axe/"
