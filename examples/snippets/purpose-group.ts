// PurposeGroup: purposes shown as one category in a notice's preferences view.
import * as didomi from "pulumi-didomi";
import { offers } from "./purpose";

export const marketing = new didomi.PurposeGroup("marketing", { name: "Marketing", purposeIds: [offers.id] });
