#!/bin/sh
# The embed bundle's post-build hook (embed/Trunk.toml), run in embed/. It writes next to the
# app, in dist/:
# - embed.html: the embed bundle's page (its files under /embed/; the app tells the iframe
#   embed apart by this path);
# - embed.js: the custom element, with the hashed file names of this build filled in;
# - embed.css: the app's style sheet for a shadow root: `:root` becomes `:host`, the page's
#   `body` rule the element's root, `rem` a fixed 16 px (the host page's root font size is not
#   ours), and the narrow layout follows the element's width (a container query) instead of
#   the window's.
set -eu
out="$TRUNK_STAGING_DIR"
dist="$TRUNK_SOURCE_DIR/../dist"
mkdir -p "$dist"
cp "$out/index.html" "$dist/embed.html"
js=$(grep -o 'configurator-embed-[0-9a-f]*\.js' "$out/index.html" | head -n 1)
wasm=$(grep -o 'configurator-embed-[0-9a-f]*_bg\.wasm' "$out/index.html" | head -n 1)
css=$(grep -o 'main-[0-9a-f]*\.css' "$out/index.html" | head -n 1)
sed -e "s/:root/:host/g" \
    -e "s/^body {/.element-root {/" \
    -e "s/\([0-9.]*\)rem/calc(\1 * 16px)/g" \
    -e "s/@media (max-width: 960px)/@container pc (max-width: 960px)/" \
    "$out/$css" > "$dist/embed.css"
sed -e "s#@JS@#embed/$js#" -e "s#@WASM@#embed/$wasm#" -e "s/@CSS@/embed.css/" \
    "$TRUNK_SOURCE_DIR/embed.js" > "$dist/embed.js"
