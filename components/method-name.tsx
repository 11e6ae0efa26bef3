import { useTranslations } from "next-intl";
import type { Translate } from "@/lib/i18n/translate";

/** A HighHelp method code for people (`payin-p2p-sbp` → "SBP transfer"); a code we do not know yet stays as it is. */
export function methodText(t: Translate, code: string): string {
  return t.has(`methods.${code}`) ? t(`methods.${code}`) : code;
}

/** A method's name, and for staff who need it (the application page) its code in small mono type. */
export function MethodName({ code, withCode = false }: { code: string; withCode?: boolean }) {
  const t = useTranslations();
  const name = methodText(t, code);
  return (
    <span data-method={code}>
      {name}
      {withCode && name !== code ? <span className="ml-1.5 font-mono text-xs text-slate-500">{code}</span> : null}
    </span>
  );
}
