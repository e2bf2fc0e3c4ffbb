import 'uplot/dist/uPlot.min.css';
import './styles.css';
import { render } from 'preact';
import { Api, loadConfig } from './api.ts';
import { App } from './app.tsx';

const root = document.getElementById('app') as HTMLElement;
loadConfig().then(
  (config) => render(<App config={config} api={new Api(config)} />, root),
  (error: Error) => {
    root.textContent = `The dashboard could not load its settings: ${error.message}`;
  },
);
