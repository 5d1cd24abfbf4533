#pragma once
// Everything one screen shows, as plain data: the frame, one body, maybe a dialog on top. The
// controller builds it; render() draws it into a canvas of any size (too small: a notice instead).
#include <optional>
#include <variant>

#include "text_canvas.hpp"
#include "views/browse_view.hpp"
#include "views/confirm_view.hpp"
#include "views/destination_view.hpp"
#include "views/dialog_view.hpp"
#include "views/done_view.hpp"
#include "views/frame_view.hpp"
#include "views/key_view.hpp"
#include "views/menu_view.hpp"
#include "views/progress_view.hpp"
#include "views/volumes_view.hpp"

namespace bde::tui {

using ScreenBody = std::variant<VolumesModel, KeyModel, MenuModel, BrowseModel, DestinationModel, ConfirmModel,
                                ProgressModel, DoneModel>;

struct ScreenSnapshot {
    FrameModel frame;
    ScreenBody body;
    std::optional<DialogModel> dialog;
};

void render(TextCanvas& canvas, const ScreenSnapshot& screen);

}  // namespace bde::tui
