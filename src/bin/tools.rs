//! The search and bill-of-materials import page (tools/index.html): a bundle of its own, so
//! the configurator's page does not carry every product line's search and the BOM rebuild.

fn main() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&info.to_string().into());
    }));
    configurator_app::built_in::set_folder("../catalogs/");
    leptos::mount::mount_to_body(configurator_app::tools::ToolsPage);
}
