import { render } from 'preact';
import { ErrorBoundary, LocationProvider, Route, Router, lazy } from 'preact-iso';
import './styles/kern.scss';
import './styles/fonts.css';
import './styles/app.css';
import { RequireRole } from './components/guard.tsx';
import { Layout } from './components/layout.tsx';
import { PAGES } from './pages/index.ts';
import { PAGE_SCOPE } from './pages/paths.ts';

const NotFound = lazy(() => import('./pages/not-found.tsx'));

/** Each page wrapped once (not per render) in its role guard. */
const ROUTES = Object.entries(PAGES).map(([path, page]) => {
  const Page = page.component;
  const roles = page.roles;
  const component = roles === 'public' ? Page : (props: Record<string, unknown>) => <RequireRole roles={roles}>{<Page {...props} />}</RequireRole>;
  return { path, component };
});

function App() {
  return (
    <LocationProvider scope={PAGE_SCOPE}>
      <Layout>
        <ErrorBoundary>
          <Router>
            {[...ROUTES.map(({ path, component }) => <Route key={path} path={path} component={component} />), <Route key="404" default component={NotFound} />]}
          </Router>
        </ErrorBoundary>
      </Layout>
    </LocationProvider>
  );
}

render(<App />, document.getElementById('app')!);
