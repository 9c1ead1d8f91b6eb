/** The web console: sign-in, then the project's streams and each stream's pages, all through ordinary DIS API calls. */
import "uplot/dist/uPlot.min.css";
import "../styles.css";
import { render } from "preact";
import { useEffect, useMemo, useState } from "preact/hooks";
import { ConsoleApi } from "./api";
import { SignIn } from "./pages/sign-in";
import { StreamPage } from "./pages/stream";
import { Streams } from "./pages/streams";
import { useRoute } from "./router";
import { clearSession, loadSession, renew, renewDelay, type Session } from "./session";

function App() {
  const [session, setSession] = useState<Session | null>(() => loadSession());
  const [last, setLast] = useState<{ user: string; domain: string; project: string } | undefined>(undefined);
  const route = useRoute();
  const api = useMemo(() => (session ? new ConsoleApi(session) : null), [session]);

  // Renewed before it expires; when it cannot be (the password is not at hand), signed out at expiry.
  useEffect(() => {
    if (!session) return;
    const timer = setTimeout(async () => {
      const fresh = await renew().catch(() => null);
      if (fresh) return setSession(fresh);
      const wait = session.expiresAt - Date.now();
      setTimeout(() => signOut(), Math.max(0, wait));
    }, renewDelay(session.expiresAt));
    return () => clearTimeout(timer);
  }, [session]);

  const signOut = () => {
    if (session) setLast({ user: session.user, domain: session.domain, project: session.projectName });
    clearSession();
    setSession(null);
  };

  if (!session || !api) return <SignIn onSignedIn={setSession} last={last} />;
  return (
    <>
      <header class="top">
        <a href="#/streams" class="brand">
          DIS console
        </a>
        <span class="who" aria-label="signed in as">
          {session.user} · {session.domain} · {session.projectName}
        </span>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </header>
      {route.page === "streams" ? <Streams api={api} /> : <StreamPage key={route.stream} api={api} name={route.stream} tab={route.tab} />}
    </>
  );
}

render(<App />, document.getElementById("app")!);
