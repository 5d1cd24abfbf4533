#include "views/screen.hpp"

namespace bde::tui {

namespace {

struct BodyDrawer {
    TextCanvas& c;
    Rect body;
    void operator()(const VolumesModel& m) const { draw_volumes(c, body, m); }
    void operator()(const KeyModel& m) const { draw_key(c, body, m); }
    void operator()(const MenuModel& m) const { draw_menu(c, body, m); }
    void operator()(const BrowseModel& m) const { draw_browse(c, body, m); }
    void operator()(const DestinationModel& m) const { draw_destination(c, body, m); }
    void operator()(const ConfirmModel& m) const { draw_confirm(c, body, m); }
    void operator()(const ProgressModel& m) const { draw_progress(c, body, m); }
    void operator()(const DoneModel& m) const { draw_done(c, body, m); }
};

}  // namespace

void render(TextCanvas& c, const ScreenSnapshot& s) {
    c.cursor.reset();
    if (c.rows() < kMinRows || c.cols() < kMinCols) {
        draw_too_small(c);
        return;
    }
    Rect body = draw_frame(c, s.frame);
    std::visit(BodyDrawer{c, body}, s.body);
    if (s.dialog) {
        c.cursor.reset();
        draw_dialog(c, *s.dialog);
    }
}

}  // namespace bde::tui
