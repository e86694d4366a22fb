fn main() {
    console_error_panic_hook::set_once();
    if configurator_app::worker::is_worker() {
        // The same module, started as the engine's worker for a large catalog.
        configurator_app::worker::serve();
        return;
    }
    leptos::mount::mount_to_body(configurator_app::App);
}
