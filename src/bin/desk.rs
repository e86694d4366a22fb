//! The quote desk's pages (desk/index.html): a bundle of its own, so the customer's
//! configurator does not carry them.

fn main() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
    }));
    // The desk's pages are one folder down from the app's.
    configurator_app::built_in::set_folder("../catalogs/");
    leptos::mount::mount_to_body(configurator_app::desk::DeskApp);
}
