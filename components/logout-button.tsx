import { logoutAction } from "@/app/logout-action";
import { t } from "@/lib/i18n/zh";

export function LogoutButton() {
  return (
    <form action={logoutAction}>
      <button type="submit" className="rounded border border-red-300 px-2 py-0.5 hover:bg-red-700">
        {t.nav.logout}
      </button>
    </form>
  );
}
