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
    leptos::mount::mount_to_body(configurator_app::App);
}
