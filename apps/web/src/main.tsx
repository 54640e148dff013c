import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
// The base stylesheet first: it declares the CSS layer order the components' styles rely on.
import './styles/base.css';
import './styles/components.css';
import { App } from './app/App';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
createRoot(root).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
