fn main() {
    // A panic is a bug: say what it was in the console (the message only: a stack trace's glue
    // cost 1 KB of the app's budget).
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
    }));
    if configurator_app::worker::is_worker() {
        // The same module, started as the engine's worker for a large catalog.
        configurator_app::worker::serve();
        return;
    }
    // Loaded by embed.js to serve <product-configurator> elements: the page is the host's.
    let for_elements = js_sys::Reflect::get(&js_sys::global(), &"__productConfigurator".into())
        .is_ok_and(|v| v.is_truthy());
    if for_elements {
        return;
    }
    leptos::mount::mount_to_body(configurator_app::App);
}
